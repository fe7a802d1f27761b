package io.ward.lua.crypto;

import io.ward.core.CancelSignal;
import io.ward.core.FutureAwaitables;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaFunctions;
import io.ward.lua.OsErrorText;
import io.ward.lua.TextArgs;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the {@code ward.crypto} module of one runtime: SHA-256, SHA-1 and MD5 as lowercase
 * hex, of a Lua string (synchronous, hashed in place on the loop) or of a file (read in 64 KiB
 * chunks on the blocking pool while only the calling task waits).
 *
 * <p>Confined to the runtime's context; a file digest's job runs on the pool and stops early
 * (its result unused) when the waiting task is cancelled.
 */
public final class CryptoModule {
    /** Chunk size of the file digests (as the original). */
    static final int CHUNK = 64 * 1024;

    private CryptoModule() {
    }

    /** The module table for {@code require("ward.crypto")}. */
    public static LuaTable create(WardRuntime rt) {
        LuaTable m = new LuaTable();
        for (String[] alg : new String[][] {{"sha256", "SHA-256"}, {"sha1", "SHA-1"}, {"md5", "MD5"}}) {
            String name = alg[0];
            String jdkName = alg[1];
            m.set(name, LuaFunctions.named(name, a -> {
                LuaValue v = a.arg1();
                if (!v.isstring()) {
                    throw Args.typeError(1, name, "string", a.narg() == 0 ? LuaValue.NONE : v);
                }
                LuaString s = v.checkstring();
                MessageDigest d = digest(jdkName);
                d.update(s.m_bytes, s.m_offset, s.m_length);
                return LuaValue.valueOf(HexFormat.of().formatHex(d.digest()));
            }));
            String fileFn = name + "_file";
            m.set(fileFn, LuaFunctions.named(fileFn, a -> {
                String path = TextArgs.checkText(a, 1, fileFn);
                return LuaValue.valueOf(hashFile(rt, jdkName, path));
            }));
        }
        return m;
    }

    private static String hashFile(WardRuntime rt, String jdkName, String path) {
        Awaits.checkInTask(rt);
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<String> job = CompletableFuture.supplyAsync(() -> {
            try {
                return hashNow(jdkName, path, cancelled);
            } catch (IOException e) {
                throw new CompletionException(new LuaError(OsErrorText.of(e)));
            }
        }, rt.blockingPool());
        try {
            return (String) Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), job));
        } catch (CancelSignal c) {
            cancelled.set(true);
            throw c;
        } catch (LuaError e) { // made on the pool: raise it afresh here, where Lua adds the position
            throw new LuaError(e.getMessageObject().tojstring());
        }
    }

    /** Blocking: the file's digest as hex; {@code null} once {@code cancelled} is seen. */
    static String hashNow(String jdkName, String path, AtomicBoolean cancelled) throws IOException {
        MessageDigest d = digest(jdkName);
        if (path.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(path); // Path.of("") would be the working directory
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new IOException("Invalid argument (os error 22)");
        }
        byte[] buf = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (cancelled.get()) {
                    return null;
                }
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest(String jdkName) {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + jdkName, e); // required by the Java SE spec
        }
    }
}
