/**
 * Fibers: suspendable Java call stacks, the thing a Ward task or Lua coroutine runs on.
 *
 * <p>Threading: a fiber is resumed by one thread at a time, and only from its owner's
 * context (the runtime's event loop, or the fiber thread the loop is currently handed to on
 * the {@code thread} engine). {@link io.ward.core.fiber.FiberEngine#suspend} is called from
 * inside the fiber. Engines themselves are stateless and shared by every runtime in the JVM.
 *
 * <p>Two engines implement one interface: {@code continuation} ({@code
 * jdk.internal.vm.Continuation}, JDK 21+, runs fibers on the resuming thread itself) and
 * {@code thread} (one pooled daemon platform thread per live fiber, control handed over with
 * park/unpark). {@link io.ward.core.fiber.FiberEngines} picks one.
 */
package io.ward.core.fiber;
