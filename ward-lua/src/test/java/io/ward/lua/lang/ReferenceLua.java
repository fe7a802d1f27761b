package io.ward.lua.lang;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference {@code lua5.2} once on a driver script and a data file. */
public final class ReferenceLua {
    static final String EXECUTABLE = "lua5.2";

    private ReferenceLua() {
    }

    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, EXECUTABLE))) {
                return true;
            }
        }
        return false;
    }

    /** The lines {@code lua5.2 script data} prints (bytes as ISO-8859-1 chars). */
    public static List<String> run(String script, List<String> data) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ward-lua52-");
        try {
            Path scriptFile = Files.writeString(dir.resolve("driver.lua"), script, StandardCharsets.ISO_8859_1);
            Path dataFile = Files.write(dir.resolve("corpus.txt"), data, StandardCharsets.ISO_8859_1);
            Path outFile = dir.resolve("out.txt");
            Process p = new ProcessBuilder(EXECUTABLE, scriptFile.toString(), dataFile.toString())
                    .redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("lua5.2 did not finish");
            }
            List<String> out = Files.readAllLines(outFile, StandardCharsets.ISO_8859_1);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("lua5.2 failed: " + out.subList(Math.max(0, out.size() - 5), out.size()));
            }
            return out;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
