package io.ward.lua.patch;

/**
 * What the patcher ({@code LuajPatcherCompiler}) makes {@code org.luaj.vm2.Prototype} implement:
 * the compiler's state of the prototype, in two fields the patcher adds ({@code
 * io.ward.lua.compiler.Tiering}). Thread-safe: the body is a volatile field (published by the
 * compiler thread, read by every call); the heat is a plain int, a racy count that only decides
 * when to compile. An interface rather than a {@code VarHandle}: a {@code VarHandle} on a LuaJ
 * class broke the JDK 25 AOT cache the {@code ward} launcher makes (its archived method types
 * named a class the cache leaves out).
 */
public interface CompiledSlot {
    /** The compiled body, a marker (queued, stays interpreted), or null: a volatile read. */
    Object wardCompiledBody();

    /** Publishes {@code body}: a volatile write. */
    void wardCompiledBody(Object body);

    /** How hot the prototype has become since it was last looked at. */
    int wardHeat();

    /** Sets the heat. */
    void wardHeat(int heat);
}
