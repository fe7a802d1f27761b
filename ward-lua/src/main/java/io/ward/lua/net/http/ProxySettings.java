package io.ward.lua.net.http;

import io.ward.lua.WardRuntime;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The proxies of the process environment: {@code HTTP_PROXY}, {@code HTTPS_PROXY},
 * {@code ALL_PROXY} and {@code NO_PROXY} (lowercase forms first), read once per client.
 * {@code NO_PROXY} is a comma-separated list of host names, domain suffixes
 * ({@code example.com} and {@code .example.com} both match {@code a.example.com}), IP
 * literals, or {@code *} for every host; ports in entries are ignored.
 *
 * <p>Immutable, thread-safe.
 */
final class ProxySettings {
    /** A proxy: plain HTTP proxy address, with optional credentials. Immutable. */
    static final class Proxy {
        final String host;
        final int port;
        final String user;
        final String password;

        Proxy(String host, int port, String user, String password) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Proxy)) {
                return false;
            }
            Proxy p = (Proxy) o;
            return port == p.port && host.equals(p.host) && Objects.equals(user, p.user)
                    && Objects.equals(password, p.password);
        }

        @Override
        public int hashCode() {
            return Objects.hash(host, port, user);
        }

        @Override
        public String toString() {
            return "proxy " + host + ":" + port;
        }
    }

    static final ProxySettings NONE = new ProxySettings(null, null, List.of());

    private final Proxy http;
    private final Proxy https;
    private final List<String> noProxy;

    ProxySettings(Proxy http, Proxy https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** The settings of {@code rt}'s environment; a malformed proxy URL is ignored. */
    static ProxySettings fromEnvironment(WardRuntime rt) {
        Proxy all = parse(first(rt, "all_proxy", "ALL_PROXY"));
        Proxy http = parse(first(rt, "http_proxy", "HTTP_PROXY"));
        Proxy https = parse(first(rt, "https_proxy", "HTTPS_PROXY"));
        List<String> no = new ArrayList<>();
        String list = first(rt, "no_proxy", "NO_PROXY");
        if (list != null) {
            for (String e : list.split(",")) {
                String h = e.trim().toLowerCase(Locale.ROOT);
                if (h.startsWith("[") && h.contains("]")) {
                    h = h.substring(1, h.indexOf(']'));
                } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
                    h = h.substring(0, h.indexOf(':'));
                }
                if (h.startsWith(".")) {
                    h = h.substring(1);
                }
                if (!h.isEmpty()) {
                    no.add(h);
                }
            }
        }
        return new ProxySettings(http != null ? http : all, https != null ? https : all, List.copyOf(no));
    }

    /** The proxy for a request to {@code host} over {@code https} or plain HTTP, or {@code null}. */
    Proxy proxyFor(boolean secure, String host) {
        Proxy p = secure ? https : http;
        if (p == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String e : noProxy) {
            if (e.equals("*") || h.equals(e) || h.endsWith("." + e)) {
                return null;
            }
        }
        return p;
    }

    private static String first(WardRuntime rt, String lower, String upper) {
        String v = envVar(rt, lower);
        if (v == null || v.isBlank()) {
            v = envVar(rt, upper);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The one place ward.net reads the environment: the runtime's, with {@code ward.env}'s changes. */
    private static String envVar(WardRuntime rt, String name) {
        return rt.environment().get(name);
    }

    private static Proxy parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI u = URI.create(value.contains("://") ? value : "http://" + value);
            if (u.getHost() == null || !"http".equalsIgnoreCase(u.getScheme())) {
                return null; // only HTTP proxies (CONNECT for https targets); socks is not supported
            }
            String user = null;
            String password = null;
            if (u.getUserInfo() != null) {
                String[] parts = u.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : "";
            }
            return new Proxy(u.getHost(), u.getPort() > 0 ? u.getPort() : 80, user, password);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
