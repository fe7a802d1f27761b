package io.ward.lua.module;

import io.ward.lua.WardRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where external modules live (spec §5.2): {@code <data dir>/externals}, checkouts in
 * {@code .store/<id>}, work in progress in {@code .store/.tmp/<16 random hex>}. The directory
 * methods block: call them on the blocking pool. Immutable, thread-safe.
 */
final class ModuleStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path externals;

    ModuleStore(Path externals) {
        this.externals = externals;
    }

    /**
     * The runtime's store: under {@code $XDG_DATA_HOME/ward}, else {@code $HOME/.local/share/ward},
     * else {@code ./ward} (Windows: {@code %LOCALAPPDATA%\ward} or {@code %APPDATA%\ward} first).
     */
    static ModuleStore of(WardRuntime rt) {
        return new ModuleStore(dataDir(rt).resolve("externals").toAbsolutePath().normalize());
    }

    private static Path dataDir(WardRuntime rt) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            for (String name : new String[] {"LOCALAPPDATA", "APPDATA"}) {
                String v = envVar(rt, name);
                if (v != null && !v.isEmpty()) {
                    return Paths.get(v, "ward");
                }
            }
        }
        String xdg = envVar(rt, "XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Paths.get(xdg, "ward");
        }
        String home = envVar(rt, "HOME");
        if (home != null && !home.isEmpty()) {
            return Paths.get(home, ".local", "share", "ward");
        }
        return Paths.get("ward");
    }

    /**
     * The one place this module reads the environment: the process's, as spec §5.2 says
     * (upstream ignores the script's {@code ward.env} overlay here).
     */
    private static String envVar(WardRuntime rt, String name) {
        // merge: rt.environment().get(name) -- if the ward.env overlay should count after all
        return System.getenv(name);
    }

    /** {@code module.dir()}. */
    Path externals() {
        return externals;
    }

    Path storePath(String id) {
        return externals.resolve(".store").resolve(id);
    }

    /** Blocking: whether {@code id} is already checked out (then it is reused as is). */
    boolean has(String id) {
        return Files.isDirectory(storePath(id));
    }

    /** Blocking: a new empty scratch directory. */
    Path newScratch() throws IOException {
        Path tmp = externals.resolve(".store").resolve(".tmp");
        Files.createDirectories(tmp);
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return Files.createDirectory(tmp.resolve(HexFormat.of().formatHex(b)));
    }

    /**
     * Blocking: moves {@code scratch} to {@code .store/<id>}. When another run made the target
     * meanwhile, keeps that one and deletes {@code scratch}.
     *
     * @throws IOException when the move fails otherwise
     */
    void finish(Path scratch, String id) throws IOException {
        Path target = storePath(id);
        try {
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteTree(scratch);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            deleteTree(scratch);
        }
    }

    /** Blocking: deletes {@code dir} and everything in it; quietly does what it can. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left behind in .tmp, as upstream leaves a failed scratch directory
        }
    }
}
