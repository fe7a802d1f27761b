package io.ward.lua.net.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Awaits;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS client contexts by trust profile: {@link #DEFAULT} (the JDK's trust store, host name
 * verified), {@link #INSECURE} (any certificate, no host name check: {@code fetch.url}'s
 * {@code insecure}), or {@code "ca:" + path} (the JDK's trust store plus the certificates of
 * a PEM file, host name verified). Built on the blocking pool (they read files) and cached.
 *
 * <p>{@link #prepare} runs in a Ward task; {@link #context} anywhere after it (thread-safe).
 */
final class TlsContexts {
    static final String DEFAULT = "jdk";
    static final String INSECURE = "insecure";

    private final WardRuntime rt;
    private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();

    TlsContexts(WardRuntime rt) {
        this.rt = rt;
    }

    /** Makes sure the context of {@code profile} exists, building it off the loop; raises on a bad CA file. */
    void prepare(String profile) {
        if (contexts.containsKey(profile)) {
            return;
        }
        CompletableFuture<SslContext> f = CompletableFuture.supplyAsync(() -> build(profile), rt.blockingPool());
        SslContext ctx = (SslContext) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), f));
        contexts.putIfAbsent(profile, ctx);
    }

    SslContext context(String profile) {
        SslContext c = contexts.get(profile);
        if (c == null) {
            throw new IllegalStateException("TLS context not prepared: " + profile);
        }
        return c;
    }

    private static SslContext build(String profile) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (profile.equals(INSECURE)) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                b.endpointIdentificationAlgorithm("HTTPS");
                if (profile.startsWith("ca:")) {
                    b.trustManager(withCaFile(Path.of(profile.substring(3))));
                }
            }
            return b.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new LuaError("cannot use ca_file: " + describe(e));
        }
    }

    /** The JDK's trusted roots plus every certificate in the PEM file {@code caFile}. */
    private static TrustManagerFactory withCaFile(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int n = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                for (X509Certificate c : ((X509TrustManager) tm).getAcceptedIssuers()) {
                    ks.setCertificateEntry("jdk-" + n++, c);
                }
            }
        }
        int added = 0;
        try (InputStream in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + added++, c);
            }
        }
        if (added == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
