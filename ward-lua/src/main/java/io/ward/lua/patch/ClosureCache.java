package io.ward.lua.patch;

import java.lang.ref.WeakReference;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.UpValue;

/**
 * Stateless; the cache lives in each prototype ({@link ClosureSlot}), confined to its runtime.
 * Lua 5.2's closure cache ({@code getcached} in {@code lvm.c}): {@code OP_CLOSURE} gives the
 * closure it made last from the same prototype when that one has the very same upvalues, so
 * {@code function(x) return x + a end} made twice over the same {@code a} is one value
 * ({@code ==} is true) and a function without upvalues is made once. The cache holds the
 * closure weakly, as Lua's collector clears it.
 *
 * <p>Called by the method {@code wardReuse} that {@link LuajPatcherClosures} adds to
 * {@code LuaClosure}, which its interpreter's {@code OP_CLOSURE} calls with the closure it has
 * just made; public only for that.
 */
public final class ClosureCache {
    private ClosureCache() {
    }

    /**
     * The cached closure of {@code made}'s prototype when its upvalues are {@code made}'s (the
     * same variables: LuaJ shares one open {@code UpValue} per variable, and a closed one is
     * never given to a later closure), else null. The caller also checks that both belong to
     * the same runtime (their {@code globals}), which Ward code cannot read.
     */
    public static LuaClosure cached(LuaClosure made) {
        WeakReference<LuaClosure> ref = ((ClosureSlot) made.p).wardCachedClosure();
        LuaClosure cached = ref == null ? null : ref.get();
        return cached != null && sameUpvalues(cached.upValues, made.upValues) ? cached : null;
    }

    /** Makes {@code made} its prototype's cached closure. */
    public static void remember(LuaClosure made) {
        ((ClosureSlot) made.p).wardCacheClosure(new WeakReference<>(made));
    }

    private static boolean sameUpvalues(UpValue[] a, UpValue[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
