package io.ward.lua.module;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One {@code module.url} download into a file, with the spec's retries: a non-2xx status (or
 * the 413 that stands for "more than {@code max_bytes}") deletes the file and tries again after
 * {@code retryDelayMillis}, up to {@code retries} attempts; a transport error (connect, TLS,
 * timeout) fails at once. Each attempt blocks a thread of the given executor (the blocking
 * pool); waiting between attempts holds none. Immutable.
 *
 * @param timeoutNanos 0 for none
 * @param maxBytes 0 for no limit
 */
record UrlDownload(URI uri, String method, Map<String, String> headers, boolean insecure, boolean followRedirects,
        int retries, long retryDelayMillis, long timeoutNanos, long maxBytes) {

    /** How the download ended: {@code status} of the last attempt; {@code ok} for a 2xx. */
    record Outcome(boolean ok, int status) {
    }

    /** Starts the attempts; the future fails with the {@link IOException} of a transport error. */
    CompletableFuture<Outcome> start(Path file, Executor blocking) {
        HttpClient client;
        try {
            client = client();
        } catch (GeneralSecurityException e) {
            return CompletableFuture.failedFuture(new IOException("TLS setup failed: " + e.getMessage(), e));
        }
        return attempt(client, file, 1, blocking, blocking);
    }

    private CompletableFuture<Outcome> attempt(HttpClient client, Path file, int n, Executor when, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> once(client, file), when).thenCompose(status -> {
            boolean ok = status >= 200 && status < 300;
            if (ok || n >= retries) {
                return CompletableFuture.completedFuture(new Outcome(ok, status));
            }
            Executor later = CompletableFuture.delayedExecutor(retryDelayMillis, TimeUnit.MILLISECONDS, blocking);
            return attempt(client, file, n + 1, later, blocking);
        });
    }

    /** Blocking: one attempt; the status (413 past {@code maxBytes}), the file deleted unless 2xx. */
    private int once(HttpClient client, Path file) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(rb::header);
        if (timeoutNanos > 0) {
            rb.timeout(Duration.ofNanos(timeoutNanos));
        }
        try {
            HttpResponse<InputStream> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            try (InputStream in = r.body()) {
                if (status < 200 || status >= 300) {
                    return status;
                }
                if (!copy(in, file)) {
                    Files.deleteIfExists(file);
                    return 413;
                }
            }
            return status;
        } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CompletionException(new IOException("download interrupted"));
        }
    }

    /** Copies {@code in} to {@code file}; false when it holds more than {@code maxBytes}. */
    private boolean copy(InputStream in, Path file) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int k; (k = in.read(buf)) > 0; ) {
                total += k;
                if (maxBytes > 0 && total > maxBytes) {
                    return false;
                }
                out.write(buf, 0, k);
            }
        }
        return true;
    }

    private HttpClient client() throws GeneralSecurityException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (timeoutNanos > 0) {
            b.connectTimeout(Duration.ofNanos(timeoutNanos));
        }
        if (insecure) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new TrustingEveryone()}, null);
            b.sslContext(ssl);
        }
        return b.build();
    }

    /** {@code insecure = true}: any certificate, for any host name, is accepted (the user asked for it). */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
