package io.ward.lua.net.http;

import java.util.Objects;

/**
 * Which connections may serve a request: same scheme, host and port, same proxy, same TLS
 * trust ({@code tls}: {@code ""} for plain HTTP, else the trust profile's id).
 *
 * <p>Immutable, thread-safe.
 */
final class PoolKey {
    final boolean https;
    final String host;
    final int port;
    /** The proxy the connection goes through, or {@code null}. */
    final ProxySettings.Proxy proxy;
    final String tls;

    PoolKey(boolean https, String host, int port, ProxySettings.Proxy proxy, String tls) {
        this.https = https;
        this.host = host;
        this.port = port;
        this.proxy = proxy;
        this.tls = tls;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PoolKey)) {
            return false;
        }
        PoolKey k = (PoolKey) o;
        return https == k.https && port == k.port && host.equals(k.host) && Objects.equals(proxy, k.proxy)
                && tls.equals(k.tls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(https, host, port, proxy, tls);
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + host + ":" + port + (proxy != null ? " via " + proxy : "");
    }
}
