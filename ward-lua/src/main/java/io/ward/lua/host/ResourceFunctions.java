package io.ward.lua.host;

import io.ward.lua.HostName;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ward.host.resources.get()}: a snapshot of the whole machine's memory, load, cores and
 * uptime, computed on every call. Confined to the runtime's context; never starts a process.
 *
 * <p>On Linux it reads {@code /proc} (in-memory files, cheap enough for the loop):
 * {@code meminfo}, {@code loadavg}, {@code uptime}, {@code stat} (CPU count) and, once,
 * {@code cpuinfo} (physical cores). Elsewhere it falls back to the JVM's
 * {@code OperatingSystemMXBean}: available memory is the free memory, only the 1-minute load is
 * known, physical cores are unknown (nil) and so is uptime (0).
 */
final class ResourceFunctions {
    private static final Path PROC = Path.of("/proc");
    /** Distinct (physical id, core id) pairs of /proc/cpuinfo; 0 when unknown. Computed once. */
    private static volatile Integer physicalCores;

    private ResourceFunctions() {
    }

    static LuaTable table() {
        LuaTable m = new LuaTable();
        m.set("get", LuaFunctions.named("get", a -> snapshot()));
        return m;
    }

    private static LuaTable snapshot() {
        boolean proc = Files.isDirectory(PROC.resolve("self"));
        long total = 0;
        long free = 0;
        long available = 0;
        double[] load = {0, 0, 0};
        long uptime = 0;
        int logical = 0;
        Integer physical = null;
        if (proc) {
            String meminfo = read("meminfo");
            total = kiB(meminfo, "MemTotal:");
            free = kiB(meminfo, "MemFree:");
            available = kiB(meminfo, "MemAvailable:");
            String[] l = read("loadavg").trim().split("\\s+");
            for (int i = 0; i < 3 && i < l.length; i++) {
                load[i] = number(l[i]);
            }
            String[] u = read("uptime").trim().split("\\s+");
            uptime = u.length > 0 ? (long) number(u[0]) : 0;
            logical = cpuLines(read("stat"));
            int p = physicalCores();
            physical = p > 0 ? p : null;
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (total == 0 && os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            total = sun.getTotalMemorySize();
            free = sun.getFreeMemorySize();
            available = free;
        }
        if (!proc) {
            load[0] = Math.max(0, os.getSystemLoadAverage());
        }
        if (logical == 0) {
            logical = Runtime.getRuntime().availableProcessors();
        }
        LuaTable memory = new LuaTable();
        memory.set("total", LuaValue.valueOf((double) total));
        memory.set("available", LuaValue.valueOf((double) available));
        memory.set("used", LuaValue.valueOf((double) Math.max(0, total - available)));
        memory.set("free", LuaValue.valueOf((double) free));
        LuaTable loads = new LuaTable();
        loads.set("1m", load[0]);
        loads.set("5m", load[1]);
        loads.set("15m", load[2]);
        LuaTable cores = new LuaTable();
        cores.set("logical", logical);
        if (physical != null) {
            cores.set("physical", physical);
        }
        LuaTable cpu = new LuaTable();
        cpu.set("load", loads);
        cpu.set("cores", cores);
        LuaTable t = new LuaTable();
        t.set("memory", memory);
        t.set("cpu", cpu);
        t.set("uptime", LuaValue.valueOf((double) uptime));
        t.set("hostname", LuaErrors.luaString(HostName.get()));
        return t;
    }

    private static String read(String file) {
        try {
            return Files.readString(PROC.resolve(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A {@code Name:   123 kB} line of meminfo, in bytes; 0 if absent. */
    static long kiB(String meminfo, String name) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith(name)) {
                String[] f = line.substring(name.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The {@code cpuN} lines of /proc/stat (not the {@code cpu} total line). */
    static int cpuLines(String stat) {
        int n = 0;
        for (String line : stat.split("\n")) {
            if (line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                n++;
            }
        }
        return n;
    }

    private static int physicalCores() {
        Integer p = physicalCores;
        if (p == null) {
            p = distinctCores(read("cpuinfo"));
            physicalCores = p;
        }
        return p;
    }

    /** Distinct (physical id, core id) pairs of a cpuinfo text; 0 when it names none. */
    static int distinctCores(String cpuinfo) {
        Set<String> cores = new HashSet<>();
        String physicalId = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("physical id")) {
                physicalId = value;
            } else if (key.equals("core id") && physicalId != null) {
                cores.add(physicalId + "/" + value);
            }
        }
        return cores.size();
    }
}
