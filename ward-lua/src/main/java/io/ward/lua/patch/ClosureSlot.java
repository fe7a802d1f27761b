package io.ward.lua.patch;

import java.lang.ref.WeakReference;
import org.luaj.vm2.LuaClosure;

/**
 * What the patcher ({@link LuajPatcher#PROTOTYPE_BRIDGE}) makes {@code org.luaj.vm2.Prototype}
 * implement: the prototype's cached closure ({@link ClosureCache}), in a field the patcher adds.
 * Confined to the runtime that runs the prototype's code, as the prototype is.
 */
public interface ClosureSlot {
    /** The last closure made from this prototype, or null. */
    WeakReference<LuaClosure> wardCachedClosure();

    /** Remembers {@code c} as the last closure made from this prototype. */
    void wardCacheClosure(WeakReference<LuaClosure> c);
}
