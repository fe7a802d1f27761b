package io.ward.lua.patch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * LuaJ with a chosen set of patched classes, in a class loader of its own: the original
 * luaj-jse jar plus the given class files, and Ward's hook and {@code io.ward.lua.lang}
 * classes linked against that copy of LuaJ. Runs a Lua chunk with LuaJ's own globals.
 */
final class IsolatedLuaj extends ClassLoader {
    /** The luaj-jse jar: where the unpatched LuaJ classes of this JVM come from. */
    static final Path LUAJ_JAR = location(org.luaj.vm2.Globals.class);
    /** ward-lua's target/classes. */
    static final Path WARD_CLASSES = location(LuajHooks.class);

    private final Map<String, byte[]> patched;
    private final URLClassLoader luaj;

    IsolatedLuaj(Map<String, byte[]> patched) throws IOException {
        super("isolated-luaj", ClassLoader.getPlatformClassLoader());
        this.patched = patched;
        this.luaj = new URLClassLoader(new java.net.URL[] {LUAJ_JAR.toUri().toURL()}, null);
    }

    /** The text of what the chunk returns, or {@code error: <message>} when it raises an error. */
    String run(String lua) throws ReflectiveOperationException {
        Object globals = loadClass("org.luaj.vm2.lib.jse.JsePlatform").getMethod("standardGlobals").invoke(null);
        try {
            Object chunk = globals.getClass().getMethod("load", String.class).invoke(globals, lua);
            Object result = chunk.getClass().getMethod("call").invoke(chunk);
            return (String) result.getClass().getMethod("tojstring").invoke(result);
        } catch (InvocationTargetException e) {
            return "error: " + e.getCause().getMessage();
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                boolean mine = name.startsWith("org.luaj.") || name.startsWith("io.ward.lua.lang.")
                        || name.equals(LuajHooks.class.getName()) || name.startsWith("io.ward.lua.vm.")
                        || name.startsWith(LuajErrorHooks.class.getName())
                        || name.startsWith(OperandError.class.getName())
                        || name.equals(LuajLexer.class.getName()) || name.equals(LexerAccess.class.getName());
                if (!mine) {
                    return super.loadClass(name, resolve);
                }
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/');
        byte[] bytes = patched.get(file);
        try {
            if (bytes == null && name.startsWith("org.luaj.")) {
                try (InputStream in = luaj.getResourceAsStream(file + ".class")) {
                    bytes = in == null ? null : in.readAllBytes();
                }
            }
            if (bytes == null) { // Ward's (io.ward.lua..., and org.luaj.vm2.WardTables)
                bytes = Files.readAllBytes(WARD_CLASSES.resolve(file + ".class"));
            }
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
