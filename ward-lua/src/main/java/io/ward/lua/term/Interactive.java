package io.ward.lua.term;

import java.util.ArrayDeque;

/**
 * The one queue of a runtime's interactive input (spec 2.3): prompts are asked one at a time,
 * first come first served; a prompt holds the head only while it asks. Confined to the
 * runtime's context.
 */
final class Interactive {
    private final ArrayDeque<PromptWait> queue = new ArrayDeque<>();

    void join(PromptWait p) {
        queue.add(p);
        if (queue.peek() == p) {
            p.start();
        }
    }

    /** {@code p} is answered or withdrawn: the next prompt, if any, starts asking. */
    void leave(PromptWait p) {
        boolean wasHead = queue.peek() == p;
        queue.remove(p);
        PromptWait next = queue.peek();
        if (wasHead && next != null) {
            next.start();
        }
    }
}
