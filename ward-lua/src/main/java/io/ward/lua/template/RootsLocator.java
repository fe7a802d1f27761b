package io.ward.lua.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds {@code include}/{@code import}/{@code extends} targets for the render running on this
 * thread: the name joined onto each search root in order, the first readable file wins (as
 * upstream: no sandbox, {@code ..} and absolute names work). No roots: nothing is found.
 * Thread-safe: the roots are per thread, set around one render.
 */
final class RootsLocator implements ResourceLocator {
    private static final ThreadLocal<List<Path>> ROOTS = ThreadLocal.withInitial(List::of);

    /** Runs {@code render} with {@code roots} as this thread's search roots. */
    static String with(List<Path> roots, java.util.function.Supplier<String> render) {
        ROOTS.set(roots);
        try {
            return render.get();
        } finally {
            ROOTS.remove();
        }
    }

    @Override
    public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
        for (Path root : ROOTS.get()) {
            Path p = root.resolve(fullName);
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                return Files.readString(p, encoding);
            }
        }
        throw new ResourceNotFoundException("template not found: " + fullName);
    }
}
