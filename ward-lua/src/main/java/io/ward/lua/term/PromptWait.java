package io.ward.lua.term;

import io.ward.core.Awaitable;
import io.ward.core.Outcome;
import io.ward.core.Waiter;
import io.ward.lua.StandardInput;
import io.ward.lua.WardRuntime;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import org.luaj.vm2.LuaError;

/**
 * One wait on an {@code InputAwaitable}: waits for its turn in the runtime's
 * {@link Interactive} queue, writes the question to stdout, reads lines from the runtime's
 * {@link StandardInput} until the {@link Question} has its answer. Confined to the runtime's
 * context.
 *
 * <p>Loses no input when the waiting task is cancelled or loses a select: a line is taken from
 * stdin only while the waiter is still pending (the reader skips a waiter that is not), and a
 * line that has been taken always completes it.
 */
final class PromptWait implements Awaitable<Object> {
    private final WardRuntime rt;
    private final Interactive queue;
    private final Question question;
    private final LineWaiter lines = new LineWaiter();
    private Waiter<Object> outer;
    private Awaitable<byte[]> read; // the read registered with stdin, if any
    private boolean done;
    private boolean echoOff;

    PromptWait(WardRuntime rt, Interactive queue, Question question) {
        this.rt = rt;
        this.queue = queue;
        this.question = question;
    }

    @Override
    public Outcome<Object> poll() {
        return null; // the question must be written first
    }

    @Override
    public void register(Waiter<Object> waiter) {
        outer = waiter;
        queue.join(this);
    }

    @Override
    public void withdraw(Waiter<Object> waiter) {
        if (done) {
            return;
        }
        done = true;
        if (read != null) {
            read.withdraw(lines);
            read = null;
        }
        restoreEcho();
        queue.leave(this);
    }

    /**
     * This prompt's turn has come: ask. Hidden input on a terminal turns echo off before the
     * question is written, so that nothing typed after the question appears can be echoed.
     */
    void start() {
        if (done || !outer.isPending()) {
            return; // cancelled: its withdraw comes next and hands the turn on
        }
        if (!question.hidden() || !Terminals.isTerminal(rt, 0)) {
            write(question.text());
            readLines();
            return;
        }
        CompletableFuture<Void> f;
        try {
            f = TerminalEcho.off(rt.blockingPool());
        } catch (RuntimeException e) {
            finish(Outcome.failure(echoError(e)));
            return;
        }
        echoOff = true;
        f.whenComplete((v, e) -> rt.scheduler().runInContext(() -> {
            if (done || !outer.isPending()) {
                return; // cancelled meanwhile: withdraw turns echo back on
            }
            if (e != null) {
                finish(Outcome.failure(echoError(e.getCause() != null ? e.getCause() : e)));
            } else {
                write(question.text());
                readLines();
            }
        }));
    }

    private static LuaError echoError(Throwable e) {
        return new LuaError("password: cannot turn off echo (" + e.getMessage() + ")");
    }

    /** Reads lines while they are buffered and the question asks again; registers for the next one. */
    private void readLines() {
        StandardInput in = rt.stdin();
        while (!done && outer.isPending()) {
            Awaitable<byte[]> r = question.rawLine() ? in.readRawLine(rt.scheduler()) : in.readLine(rt.scheduler());
            Outcome<byte[]> o = r.poll();
            if (o == null) {
                read = r;
                r.register(lines);
                return;
            }
            if (!answer(o)) {
                return;
            }
        }
    }

    /** Handles a line read; {@code true} when the question asks again. */
    private boolean answer(Outcome<byte[]> o) {
        if (!o.isSuccess()) {
            finish(Outcome.failure(o.failure()));
            return false;
        }
        Question.Step step = question.next(o.value());
        if (step.answer == null) {
            write(step.again);
            return true;
        }
        if (echoOff) {
            write(new byte[] {'\n'}); // the Enter that ended the hidden line was not echoed
        }
        finish(Outcome.<Object>success(step.answer));
        return false;
    }

    private void finish(Outcome<Object> o) {
        done = true;
        CompletableFuture<Void> echo = restoreEcho();
        if (echo == null) {
            outer.tryComplete(o);
            queue.leave(this);
            return;
        }
        // the answer (and the next prompt's turn) only once echo is back on, so that a question
        // asked right after a password is echoed as it is typed
        echo.whenComplete((v, e) -> rt.scheduler().runInContext(() -> {
            outer.tryComplete(o);
            queue.leave(this);
        }));
    }

    /** Turns echo back on if this prompt turned it off: the future of that, else null. */
    private CompletableFuture<Void> restoreEcho() {
        if (echoOff) {
            echoOff = false;
            try {
                return TerminalEcho.on(rt.blockingPool());
            } catch (RuntimeException e) {
                // the runtime is closing: the JVM's shutdown hook turns echo back on
            }
        }
        return null;
    }

    private void write(byte[] b) {
        PrintStream out = rt.globals().STDOUT;
        out.write(b, 0, b.length);
        out.flush();
    }

    /** Receives the line stdin hands over; pending only while the prompt's own waiter is. */
    private final class LineWaiter extends Waiter<byte[]> {
        @Override
        public boolean isPending() {
            return !done && outer.isPending();
        }

        @Override
        public boolean tryComplete(Outcome<byte[]> o) {
            if (!isPending()) {
                return false;
            }
            read = null;
            if (answer(o)) {
                readLines();
            }
            return true;
        }
    }
}
