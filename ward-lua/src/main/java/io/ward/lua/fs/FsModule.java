package io.ward.lua.fs;

import io.ward.lua.Args;
import io.ward.lua.LuaErrors;
import io.ward.lua.LuaFunctions;
import io.ward.lua.OsErrorText;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the {@code ward.fs} module table of one runtime (ward-fs.md): arguments are checked and
 * converted on the loop, the file-system work of every call but {@code dirname},
 * {@code basename} and {@code join} runs off the loop through {@link FsJobs}, and the result
 * comes back in the function's failure style (boolean, {@code {ok, err}}, nil, or a raised
 * error). Confined to the runtime's context.
 */
final class FsModule {
    /** What a job answers when the work must move to a thread of its own (no error text looks like it). */
    private static final String ON_OWN_THREAD = "\0own thread";

    private final WardRuntime rt;
    private final FsJobs jobs;

    private FsModule(WardRuntime rt) {
        this.rt = rt;
        this.jobs = new FsJobs(rt);
    }

    static LuaTable create(WardRuntime rt) {
        return new FsModule(rt).table();
    }

    private LuaTable table() {
        LuaTable m = new LuaTable();
        for (Predicates.Kind kind : Predicates.Kind.values()) {
            fn(m, kind.luaName, args -> {
                byte[] p = FsPath.fsArg(args, 1, kind.luaName);
                return LuaValue.valueOf(jobs.await(() -> Predicates.test(kind, p)));
            });
        }
        fn(m, "readlink", args -> {
            byte[] p = FsPath.fsArg(args, 1, "readlink");
            return orNil(raising(() -> {
                try {
                    return FileNames.toBytes(Files.readSymbolicLink(FileNames.toPath(p)));
                } catch (NoSuchFileException | NotLinkException e) {
                    return null;
                } catch (FileNames.BadName e) {
                    return nothingThere(e);
                }
            }));
        });
        fn(m, "realpath", args -> {
            byte[] p = FsPath.fsArg(args, 1, "realpath");
            return orNil(raising(() -> {
                try {
                    return FileNames.toBytes(FileNames.toPath(p).toRealPath());
                } catch (NoSuchFileException e) {
                    return null;
                } catch (FileNames.BadName e) {
                    return nothingThere(e);
                }
            }));
        });
        fn(m, "dirname", args -> FsPath.lua(PathSyntax.dirname(FsPath.fsArg(args, 1, "dirname"))));
        fn(m, "basename", args -> FsPath.lua(PathSyntax.basename(FsPath.fsArg(args, 1, "basename"))));
        fn(m, "join", args -> {
            byte[] p = FsPath.fsArg(args, 1, "join");
            for (int i = 2; i <= args.narg(); i++) {
                p = PathSyntax.push(p, FsPath.fsArg(args, i, "join"));
            }
            return FsPath.lua(p);
        });
        fn(m, "list", this::list);
        fn(m, "glob", this::glob);
        fn(m, "mkdir", args -> {
            byte[] p = FsPath.fsArg(args, 1, "mkdir");
            LuaTable o = FsArgs.options(args, 2);
            boolean recursive = FsArgs.flag(o, "recursive");
            boolean force = FsArgs.flag(o, "force");
            int mode = (int) FsArgs.integerField(o, "mode", 2, "mkdir", FsArgs.UINT32_MAX, 0755);
            return result(() -> Mutations.mkdir(FileNames.toPath(p), recursive, mode, force));
        });
        fn(m, "rm", args -> {
            byte[] p = FsPath.fsArg(args, 1, "rm");
            LuaTable o = FsArgs.options(args, 2);
            boolean recursive = FsArgs.flag(o, "recursive");
            boolean force = FsArgs.flag(o, "force");
            return result(() -> Removal.rm(FileNames.toPath(p), recursive, force));
        });
        fn(m, "unlink", args -> {
            byte[] p = FsPath.fsArg(args, 1, "unlink");
            boolean force = FsArgs.flag(FsArgs.options(args, 2), "force");
            return result(() -> {
                String err = Mutations.attempt(() -> Removal.unlink(FileNames.toPath(p)));
                return force && OsErrorText.NOT_FOUND.equals(err) ? null : err;
            });
        });
        fn(m, "chmod", args -> {
            byte[] p = FsPath.fsArg(args, 1, "chmod");
            int mode = (int) FsArgs.integer(args, 2, "chmod", FsArgs.UINT32_MAX);
            LuaTable o = FsArgs.options(args, 3);
            boolean recursive = FsArgs.flag(o, "recursive");
            boolean force = FsArgs.flag(o, "force");
            return result(() -> Mutations.changeAll(FileNames.toPath(p), Mutations.mode(mode), recursive, force,
                    "refusing to chmod symlink"));
        });
        fn(m, "chown", args -> {
            byte[] p = FsPath.fsArg(args, 1, "chown");
            int uid = (int) FsArgs.integer(args, 2, "chown", FsArgs.UINT32_MAX);
            int gid = (int) FsArgs.integer(args, 3, "chown", FsArgs.UINT32_MAX);
            LuaTable o = FsArgs.options(args, 4);
            boolean recursive = FsArgs.flag(o, "recursive");
            boolean force = FsArgs.flag(o, "force");
            return result(() -> Mutations.changeAll(FileNames.toPath(p), Mutations.owner(uid, gid), recursive, force,
                    "refusing to chown symlink"));
        });
        twoPaths(m, "rename", Mutations::rename);
        twoPaths(m, "move", Mutations::move);
        twoPaths(m, "copy", Mutations::copy);
        twoPaths(m, "link", Mutations::link);
        twoPaths(m, "symlink", Mutations::symlink);
        fn(m, "touch", args -> {
            byte[] p = FsPath.fsArg(args, 1, "touch");
            boolean recursive = FsArgs.flag(FsArgs.options(args, 2), "recursive");
            return result(() -> Mutations.touch(FileNames.toPath(p), recursive));
        });
        fn(m, "read", this::read);
        fn(m, "write", this::write);
        fn(m, "tempdir", args -> {
            String prefix = FsArgs.stringField(args.arg(1), 1, "tempdir", null);
            byte[] prefixBytes = (prefix == null ? "tmp" : prefix).getBytes(StandardCharsets.UTF_8);
            String tmpdir = envVar("TMPDIR");
            byte[] base = tmpdir == null ? null : tmpdir.getBytes(StandardCharsets.UTF_8);
            return FsPath.lua(raising(() -> TempDirs.create(base, prefixBytes)));
        });
        m.set("path", PathModule.of(rt));
        return m;
    }

    /** The one place {@code ward.fs} reads the environment: the runtime's, with {@code ward.env}'s changes. */
    private String envVar(String name) {
        return rt.environment().get(name);
    }

    private Varargs list(Varargs args) {
        byte[] root = FsPath.fsArg(args, 1, "list");
        LuaTable o = FsArgs.options(args, 2);
        Listing.Options opts = new Listing.Options();
        opts.recursive = FsArgs.flag(o, "recursive");
        opts.dirs = FsArgs.flag(o, "dirs");
        opts.files = FsArgs.flag(o, "files");
        opts.depth = FsArgs.integerField(o, "depth", 2, "list", Long.MAX_VALUE, 0);
        String regex = o == null ? null : FsArgs.stringField(o.get("regex"), 2, "list", "regex");
        if (regex != null) {
            try {
                // Rust's named groups (?P<name>...) are Java's (?<name>...)
                opts.regex = Pattern.compile(regex.replace("(?P<", "(?<"));
            } catch (PatternSyntaxException e) {
                throw new LuaError("regex parse error:\n" + e.getMessage());
            }
        }
        List<byte[]> entries = jobs.await(() -> Listing.list(root, opts));
        return array(entries);
    }

    private Varargs glob(Varargs args) {
        LuaValue v = args.arg(1);
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw Args.badArgument(1, "glob", "string expected, got " + (args.narg() < 1 ? "no value" : v.typename()));
        }
        Glob g;
        try {
            g = Glob.compile(LuaErrors.text(v.tostring()));
        } catch (Glob.PatternError e) {
            throw new LuaError(e.getMessage());
        }
        return array(raising(g::walk));
    }

    private Varargs read(Varargs args) {
        byte[] p = FsPath.fsArg(args, 1, "read");
        LuaTable o = FsArgs.options(args, 2);
        LuaValue mode = o == null ? LuaValue.NIL : o.get("mode");
        boolean binary = mode.type() == LuaValue.TSTRING && mode.tojstring().equals("binary");
        byte[] bytes = raising(() -> {
            Path path = FileNames.toPath(p);
            return FileContents.needsOwnThread(path) ? null : checked(FileContents.read(path), binary);
        });
        if (bytes == null) { // a FIFO or a device: may wait forever for its writer
            bytes = raising(() -> checked(FileContents.read(FileNames.toPath(p)), binary), true);
        }
        if (!binary) {
            return FsPath.lua(bytes);
        }
        LuaTable t = new LuaTable(bytes.length, 0);
        for (int i = 0; i < bytes.length; i++) {
            t.rawset(i + 1, LuaValue.valueOf(bytes[i] & 0xff));
        }
        return t;
    }

    private Varargs write(Varargs args) {
        byte[] p = FsPath.fsArg(args, 1, "write");
        LuaTable o = FsArgs.options(args, 3);
        FileContents.WriteMode mode = FileContents.WriteMode.OVERWRITE;
        boolean binary = FsArgs.flag(o, "binary");
        LuaValue m = o == null ? LuaValue.NIL : o.get("mode");
        if (m.type() == LuaValue.TSTRING || m.type() == LuaValue.TNUMBER) {
            String s = m.tojstring().toLowerCase(Locale.ROOT);
            if (s.equals("append")) {
                mode = FileContents.WriteMode.APPEND;
            } else if (s.equals("prepend")) {
                mode = FileContents.WriteMode.PREPEND;
            } else if (s.equals("binary")) {
                binary = true;
            }
        }
        FsArgs.Slice data = FsArgs.data(args.arg(2), binary);
        FileContents.WriteMode how = mode;
        String err;
        try {
            err = jobs.await(() -> {
                Path path = FileNames.toPath(p);
                return FileContents.needsOwnThread(path) ? ON_OWN_THREAD
                        : Mutations.attempt(() -> FileContents.write(path, data.array, data.off, data.len, how));
            });
            if (ON_OWN_THREAD.equals(err)) { // a FIFO: opening it for writing waits for a reader
                err = jobs.awaitUnbounded(() -> Mutations.attempt(() -> FileContents.write(FileNames.toPath(p), data.array, data.off,
                        data.len, how)));
            }
        } catch (FsJobs.Failed e) {
            err = e.getMessage();
        }
        return resultTable(err);
    }

    /** Text mode: the bytes must be valid UTF-8 (checked on the reading thread, not on the loop). */
    private static byte[] checked(byte[] bytes, boolean binary) throws FsFailure {
        String bad = binary ? null : Utf8Check.error(bytes);
        if (bad != null) {
            throw new FsFailure(bad);
        }
        return bytes;
    }

    /** A raising job: its failure becomes a Lua error with the OS text, raised here on the loop. */
    private <T> T raising(FsJobs.Job<T> job) {
        return raising(job, false);
    }

    private <T> T raising(FsJobs.Job<T> job, boolean unbounded) {
        try {
            return unbounded ? jobs.awaitUnbounded(job) : jobs.await(job);
        } catch (FsJobs.Failed e) {
            throw new LuaError(e.getMessage());
        }
    }

    /** A job returning null for success or the error text, as an {@code {ok, err}} table. */
    private LuaTable result(FsJobs.Job<String> job) {
        String err;
        try {
            err = jobs.await(job);
        } catch (FsJobs.Failed e) {
            err = e.getMessage();
        }
        return resultTable(err);
    }

    private static LuaTable resultTable(String err) {
        LuaTable t = new LuaTable();
        t.set("ok", LuaValue.valueOf(err == null));
        if (err != null) {
            t.set("err", LuaErrors.luaString(err));
        }
        return t;
    }

    /** {@code f(from, to, opts?)} with option {@code force}. */
    @FunctionalInterface
    private interface TwoPathOp {
        String apply(Path from, Path to, boolean force);
    }

    private void twoPaths(LuaTable m, String name, TwoPathOp op) {
        fn(m, name, args -> {
            byte[] from = FsPath.fsArg(args, 1, name);
            byte[] to = FsPath.fsArg(args, 2, name);
            boolean force = FsArgs.flag(FsArgs.options(args, 3), "force");
            return result(() -> op.apply(FileNames.toPath(from), FileNames.toPath(to), force));
        });
    }

    /** The empty name names nothing (nil); a name with NUL is an error. */
    private static byte[] nothingThere(FileNames.BadName e) {
        if (OsErrorText.NOT_FOUND.equals(e.getMessage())) {
            return null;
        }
        throw e;
    }

    private static LuaValue orNil(byte[] b) {
        return b == null ? LuaValue.NIL : FsPath.lua(b);
    }

    private static LuaTable array(List<byte[]> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) {
            t.rawset(i + 1, FsPath.lua(items.get(i)));
        }
        return t;
    }

    private static void fn(LuaTable m, String name, LuaFunctions.Body body) {
        m.set(name, LuaFunctions.named(name, body));
    }
}
