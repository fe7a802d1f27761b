package io.ward.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Confined to the runtime's context, like any LuaJ error. A bad argument given to a Java
 * function ({@link Args#badArgument}): its index, the function's own name and what is wrong.
 * Lua 5.2's {@code luaL_argerror} names the function as it was called, so the text is settled
 * once, by whichever first learns how the function was called:
 *
 * <ul>
 *   <li>the Lua frame whose call instruction called it ({@link #calledAs}): the variable it was
 *       called through ({@code local s = string.rep; s()} gives {@code 's'}), {@code for iterator},
 *       or a metamethod's event ({@code '__index'}); a method call does not count {@code self}
 *       ({@code ("x"):rep({})} is {@code #1}) and a bad {@code self} reads
 *       {@code calling 'rep' on bad self (...)};
 *   <li>a Java function that called it ({@link #calledFromJava}: {@code pcall}, a sort
 *       comparator, a {@code gsub} replacement): the name under which the global table holds
 *       it ({@code 'table.sort'}), and no position, as in Lua, where the caller is C.
 * </ul>
 *
 * <p>Unsettled (no Lua frame or Java caller ever saw it), or when neither knows a name, the
 * function's own name stays ({@code bad argument #1 to 'rep' (...)}). Lua 5.2 says {@code '?'}
 * where the global table does not hold the function; the own name is what Lua 5.3 and later
 * print and says more.
 */
public final class ArgumentError extends LuaError {
    private static final long serialVersionUID = 1L;

    private int index;
    private final String function;
    private String reason;
    /** The value refused, when the raiser did not know its index (LuaJ's checks), else null. */
    private final transient LuaValue culprit;
    private String text;
    private boolean settled;
    private boolean positionless;

    /** {@code bad argument #index to 'function' (reason)} until settled. */
    public ArgumentError(int index, String function, String reason) {
        this(index, function, reason, null);
    }

    /**
     * An argument error whose raiser may know neither its function ({@code function} null:
     * {@code '?'} unless a caller names it) nor its index ({@code index} 0): then the caller
     * finds {@code culprit} among the arguments it passed (LuaJ's {@code checktable()} and the
     * like only know the value).
     */
    public ArgumentError(int index, String function, String reason, LuaValue culprit) {
        super(text(index, function, reason));
        this.index = index;
        this.function = function;
        this.reason = reason;
        this.culprit = culprit;
        this.text = super.getMessage();
    }

    /** The argument's number as the Java function counts it (the receiver of a method is #1); 0 if unknown. */
    public int index() {
        return index;
    }

    /**
     * Called by the caller, which passed {@code args[0..n)}: an error that does not know its
     * index takes that of the first argument that is (by identity) the value refused; a nil
     * refused beyond them was missing ({@code got no value}, as Lua says).
     */
    public void locate(LuaValue[] args, int n) {
        if (settled || index != 0 || culprit == null || args == null) {
            return;
        }
        for (int i = 0; i < n && i < args.length; i++) {
            if (args[i] == culprit) {
                index = i + 1;
                return;
            }
        }
        if (culprit.isnil()) {
            index = n + 1;
            if (reason.endsWith(", got nil")) {
                reason = reason.substring(0, reason.length() - 3) + "no value";
            }
        }
    }

    /** {@link #locate(LuaValue[], int)} for arguments given as varargs. */
    public void locate(Varargs args) {
        if (settled || index != 0 || culprit == null || args == null) {
            return;
        }
        int n = args.narg();
        LuaValue[] a = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            a[i] = args.arg(i + 1);
        }
        locate(a, n);
    }

    /** The name the Java function gave itself, null if it gave none. */
    public String function() {
        return function;
    }

    /** What is wrong with the argument ({@code string expected, got nil}). */
    public String reason() {
        return reason;
    }

    /** Whether a caller has fixed the text already. */
    public boolean settled() {
        return settled;
    }

    /** Whether the text has no position: a Java function called the one that raised it. */
    public boolean positionless() {
        return positionless;
    }

    /**
     * Called by the Lua frame that called the function (Ward's interpreter hooks): its name as
     * Lua 5.2's {@code getfuncname} gives it, {@code namewhat} being {@code global},
     * {@code local}, {@code method}, {@code field}, {@code upvalue}, {@code constant},
     * {@code for iterator} or {@code metamethod}; a null {@code name} keeps the own name.
     */
    public void calledAs(String namewhat, String name) {
        if (settled) {
            return;
        }
        settled = true;
        int n = index;
        if ("method".equals(namewhat) && n > 0) {
            n--; // self is not counted
            if (n == 0) {
                text = "calling '" + name + "' on bad self (" + reason + ")";
                return;
            }
        }
        text = text(n, name != null ? name : function, reason);
    }

    /**
     * Called by a Java function about an error of {@code f}, which it called: an unsettled
     * argument error is {@code f}'s own (a deeper one was settled by {@code f}'s own call),
     * named by the running runtime's global table as Lua 5.2's {@code pushglobalfuncname}, and
     * without position (Lua's {@code luaL_where} finds a C caller).
     */
    public static void calledFromJava(Throwable error, LuaValue f) {
        calledFromJava(error, f, null);
    }

    /** {@link #calledFromJava(Throwable, LuaValue)} when the caller passed {@code args} to {@code f}. */
    public static void calledFromJava(Throwable error, LuaValue f, Varargs args) {
        if (!(error instanceof ArgumentError a) || a.settled) {
            return;
        }
        a.locate(args);
        a.settled = true;
        a.positionless = true;
        String name = globalName(f);
        a.text = text(a.index, name != null ? name : a.function, a.reason);
    }

    /** {@link #globalName(LuaValue, LuaValue)} in the running runtime's globals; null outside a runtime. */
    public static String globalName(LuaValue f) {
        WardRuntime rt = WardRuntime.current();
        return rt == null ? null : globalName(rt.globals(), f);
    }

    /**
     * Where {@code globals} holds {@code f}: a key of the table ({@code rawequal}), else
     * {@code table.key} one table further down, as Lua 5.2's {@code findfield} with two levels;
     * a direct key wins (Lua takes whichever its traversal meets first). Null when nowhere.
     */
    public static String globalName(LuaValue globals, LuaValue f) {
        if (!(globals instanceof LuaTable g) || f == null || !f.isfunction()) {
            return null;
        }
        String deeper = null;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = g.next(k);
            k = n.arg1();
            if (k.isnil()) {
                return deeper;
            }
            if (k.type() != LuaValue.TSTRING) {
                continue;
            }
            LuaValue v = n.arg(2);
            if (v.raweq(f)) {
                return k.tojstring();
            }
            if (deeper == null && v instanceof LuaTable t) {
                String inner = keyOf(t, f);
                if (inner != null) {
                    deeper = k.tojstring() + "." + inner;
                }
            }
        }
    }

    private static String keyOf(LuaTable t, LuaValue f) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                return null;
            }
            if (k.type() == LuaValue.TSTRING && n.arg(2).raweq(f)) {
                return k.tojstring();
            }
        }
    }

    private static String text(int index, String function, String reason) {
        String name = function != null ? function : "?";
        return index > 0 ? "bad argument #" + index + " to '" + name + "' (" + reason + ")"
                : "bad argument to '" + name + "' (" + reason + ")";
    }

    @Override
    public String getMessage() {
        if (traceback != null) {
            return traceback;
        }
        return fileline != null && !positionless ? fileline + " " + text : text;
    }
}
