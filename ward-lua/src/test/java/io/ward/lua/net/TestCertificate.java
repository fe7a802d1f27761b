package io.ward.lua.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's
 * own {@code keytool} (no BouncyCastle), with the server context that presents it and the
 * PEM file a client can trust ({@code ca_file}). Made once per JVM.
 *
 * <p>Thread-safe (immutable after {@link #get}).
 */
public final class TestCertificate {
    private static TestCertificate instance;

    public final Path pem;
    public final SslContext server;

    private TestCertificate(Path pem, SslContext server) {
        this.pem = pem;
        this.server = server;
    }

    public static synchronized TestCertificate get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("ward-net-tls");
            dir.toFile().deleteOnExit();
            Path ks = dir.resolve("server.p12");
            Path pem = dir.resolve("ca.pem");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"));
            run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(),
                    "-storepass", "changeit", "-file", pem.toString()));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "changeit".toCharArray());
            SslContext server = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
            pem.toFile().deleteOnExit();
            ks.toFile().deleteOnExit();
            instance = new TestCertificate(pem, server);
        }
        return instance;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
