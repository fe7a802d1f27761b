package io.ward.lua.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the JVM knows about the operating system, in the original Ward's (Rust's) names:
 * {@code linux}, {@code macos}, {@code windows}, {@code x86_64}, {@code aarch64}, ...
 * Immutable after class initialization; thread-safe.
 *
 * <p>The long OS version comes from {@code /etc/os-release} on Linux (a small file, read once
 * and cached); on macOS from {@code sw_vers}, run once on a background thread (until it answers
 * the version is {@code ""}); on Windows from the {@code os.name} property.
 */
final class Platform {
    static final String OS = osName(System.getProperty("os.name", ""));
    static final String ARCH = archName(System.getProperty("os.arch", ""));
    static final boolean WINDOWS = OS.equals("windows");
    static final String ENDIANNESS = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
    private static volatile String version;

    private Platform() {
    }

    static String osName(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return "linux";
        } else if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "macos";
        } else if (n.startsWith("windows")) {
            return "windows";
        } else if (n.equals("sunos") || n.equals("solaris")) {
            return "solaris";
        }
        return n.replace(" ", ""); // freebsd, netbsd, openbsd, dragonfly, aix, ...
    }

    static String archName(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return "x86";
            case "ppc64":
            case "ppc64le":
                return "powerpc64";
            default:
                return arch; // arm, riscv64, s390x, loongarch64, ...
        }
    }

    static boolean isBsd() {
        return OS.equals("freebsd") || OS.equals("netbsd") || OS.equals("openbsd") || OS.equals("dragonfly");
    }

    /** The kernel release ({@code uname -r} on Unix), {@code ""} if unknown. */
    static String release() {
        return System.getProperty("os.version", "");
    }

    /** The long, human-readable OS version, {@code ""} if unknown (yet). */
    static String version() {
        String v = version;
        if (v == null) {
            v = computeVersion();
            if (v != null) {
                version = v;
            }
        }
        return v == null ? "" : v;
    }

    private static String computeVersion() {
        switch (OS) {
            case "linux":
                return linuxVersion();
            case "macos":
                startSwVers();
                return null; // answered by the background thread
            case "windows":
                return System.getProperty("os.name", "");
            default:
                return System.getProperty("os.name", "") + " " + release();
        }
    }

    private static String linuxVersion() {
        for (String file : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
            try {
                Map<String, String> fields = osRelease(Files.readString(Path.of(file), StandardCharsets.UTF_8));
                String name = fields.get("NAME");
                String id = fields.get("VERSION_ID");
                if (name == null) {
                    return "Linux";
                }
                return id == null ? "Linux (" + name + ")" : "Linux (" + name + " " + id + ")";
            } catch (IOException | RuntimeException e) {
                // try the next file
            }
        }
        return "Linux";
    }

    /** {@code KEY=value} lines, values unquoted. */
    static Map<String, String> osRelease(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(line.substring(0, eq).strip(), v);
        }
        return out;
    }

    private static boolean swVersStarted;

    private static synchronized void startSwVers() {
        if (swVersStarted) {
            return;
        }
        swVersStarted = true;
        Thread t = new Thread(() -> {
            try {
                Process p = new ProcessBuilder("sw_vers").redirectErrorStream(true).start();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                if (p.waitFor(10, TimeUnit.SECONDS)) {
                    Map<String, String> f = new HashMap<>();
                    for (String line : out.split("\n")) {
                        int c = line.indexOf(':');
                        if (c > 0) {
                            f.put(line.substring(0, c).strip(), line.substring(c + 1).strip());
                        }
                    }
                    version = (f.getOrDefault("ProductName", "macOS") + " " + f.getOrDefault("ProductVersion", "")).strip();
                }
            } catch (IOException | RuntimeException e) {
                version = "macOS " + release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ward-sw-vers");
        t.setDaemon(true);
        t.start();
    }
}
