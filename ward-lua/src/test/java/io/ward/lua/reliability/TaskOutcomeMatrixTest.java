package io.ward.lua.reliability;

import io.netty.util.concurrent.Future;
import io.ward.core.BoundedChannel;
import io.ward.core.CancelSignal;
import io.ward.core.Scheduler;
import io.ward.core.Task;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import io.ward.lua.Awaits;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.async.LuaChannel;
import io.ward.lua.limits.LimitExceededError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task outcome matrix (issue 7, faults): every way a task body can end, times what
 * happens to its handle, times when it is cancelled. Each cell has one expected outcome,
 * written in {@link #TABLE}, checked on every engine in a fresh runtime.
 *
 * <p>Columns of the table:
 * <ul>
 *   <li>{@code ran}: whether any code of the body ran;
 *   <li>{@code end}: how the task ended, as seen around the body (values, died of its error,
 *       or cancelled; a task cancelled before it started ends cancelled without running);
 *   <li>{@code await}: what awaiting the handle gave ({@code values} = {@code "v", 2, nil};
 *       {@code boom}, {@code ERR}, {@code nil}, {@code overflow}, {@code limit}: the body's
 *       error value; {@code cancelled}), or {@code -} when the handle is not awaited;
 *   <li>{@code cancel()}: what {@code h:cancel()} returned at the cancel point;
 *   <li>{@code reported}: how many times the failure was reported as unobserved, counted
 *       after the handle was collected and the runtime closed (exactly once or never).
 * </ul>
 * Every body first waits on a gate channel, so "while suspended" means parked there; the
 * driver is Java code in a task of its own, so cells whose body exhausts the runtime-wide
 * instruction limit (after which no Lua instruction runs) can still be observed. "Dropped"
 * handles are let go and the test forces GC until the handle is collected; "detached" ones
 * are detached, then let go the same way (never awaited). Every cell also checks that the
 * body ended exactly once (entered = exited), that {@code done()} is true once it ended, and
 * that no task is left live.
 */
@Timeout(600)
class TaskOutcomeMatrixTest {
    static final String TABLE = ""
            + "# body        handle    cancel          | ran | end       | await     | cancel() | reported\n"
            + "values        awaited   never           | yes | values    | values    | -     | 0\n"
            + "values        awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "values        awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "values        awaited   after_finish    | yes | values    | values    | false | 0\n"
            + "values        awaited   after_join      | yes | values    | values    | false | 0\n"
            + "values        dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "values        dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "values        dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "values        dropped   after_finish    | yes | values    | -         | false | 0\n"
            + "values        dropped   after_join      | skip: a dropped handle is never joined\n"
            + "values        detached  never           | yes | values    | -         | -     | 0\n"
            + "values        detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "values        detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "values        detached  after_finish    | yes | values    | -         | false | 0\n"
            + "values        detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n"
            + "error_string  awaited   never           | yes | died      | boom      | -     | 0\n"
            + "error_string  awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "error_string  awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "error_string  awaited   after_finish    | yes | died      | boom      | false | 0\n"
            + "error_string  awaited   after_join      | yes | died      | boom      | false | 0\n"
            + "error_string  dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "error_string  dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_string  dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_string  dropped   after_finish    | yes | died      | -         | false | 1\n"
            + "error_string  dropped   after_join      | skip: a dropped handle is never joined\n"
            + "error_string  detached  never           | yes | died      | -         | -     | 1\n"
            + "error_string  detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_string  detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_string  detached  after_finish    | yes | died      | -         | false | 1\n"
            + "error_string  detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n"
            + "error_table   awaited   never           | yes | died      | ERR       | -     | 0\n"
            + "error_table   awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "error_table   awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "error_table   awaited   after_finish    | yes | died      | ERR       | false | 0\n"
            + "error_table   awaited   after_join      | yes | died      | ERR       | false | 0\n"
            + "error_table   dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "error_table   dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_table   dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_table   dropped   after_finish    | yes | died      | -         | false | 1\n"
            + "error_table   dropped   after_join      | skip: a dropped handle is never joined\n"
            + "error_table   detached  never           | yes | died      | -         | -     | 1\n"
            + "error_table   detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_table   detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_table   detached  after_finish    | yes | died      | -         | false | 1\n"
            + "error_table   detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n"
            + "error_nil     awaited   never           | yes | died      | nil       | -     | 0\n"
            + "error_nil     awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "error_nil     awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "error_nil     awaited   after_finish    | yes | died      | nil       | false | 0\n"
            + "error_nil     awaited   after_join      | yes | died      | nil       | false | 0\n"
            + "error_nil     dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "error_nil     dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_nil     dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_nil     dropped   after_finish    | yes | died      | -         | false | 1\n"
            + "error_nil     dropped   after_join      | skip: a dropped handle is never joined\n"
            + "error_nil     detached  never           | yes | died      | -         | -     | 1\n"
            + "error_nil     detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "error_nil     detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "error_nil     detached  after_finish    | yes | died      | -         | false | 1\n"
            + "error_nil     detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n"
            + "overflow      awaited   never           | yes | died      | overflow  | -     | 0\n"
            + "overflow      awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "overflow      awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "overflow      awaited   after_finish    | yes | died      | overflow  | false | 0\n"
            + "overflow      awaited   after_join      | yes | died      | overflow  | false | 0\n"
            + "overflow      dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "overflow      dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "overflow      dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "overflow      dropped   after_finish    | yes | died      | -         | false | 1\n"
            + "overflow      dropped   after_join      | skip: a dropped handle is never joined\n"
            + "overflow      detached  never           | yes | died      | -         | -     | 1\n"
            + "overflow      detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "overflow      detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "overflow      detached  after_finish    | yes | died      | -         | false | 1\n"
            + "overflow      detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n"
            + "limit         awaited   never           | yes | died      | limit     | -     | 0\n"
            + "limit         awaited   before_start    | no  | cancelled | cancelled | true  | 0\n"
            + "limit         awaited   while_suspended | yes | cancelled | cancelled | true  | 0\n"
            + "limit         awaited   after_finish    | yes | died      | limit     | false | 0\n"
            + "limit         awaited   after_join      | yes | died      | limit     | false | 0\n"
            + "limit         dropped   never           | yes | cancelled | -         | -     | 0\n"
            + "limit         dropped   before_start    | no  | cancelled | -         | true  | 0\n"
            + "limit         dropped   while_suspended | yes | cancelled | -         | true  | 0\n"
            + "limit         dropped   after_finish    | yes | died      | -         | false | 1\n"
            + "limit         dropped   after_join      | skip: a dropped handle is never joined\n"
            + "limit         detached  never           | yes | died      | -         | -     | 1\n"
            + "limit         detached  before_start    | no  | cancelled | -         | true  | 0\n"
            + "limit         detached  while_suspended | yes | cancelled | -         | true  | 0\n"
            + "limit         detached  after_finish    | yes | died      | -         | false | 1\n"
            + "limit         detached  after_join      | skip: a detached handle here is let go unjoined (detach then wait is async_tasks.lua)\n";

    /** Instructions allowed in a runtime whose body hits the limit (the setup uses a few hundred). */
    private static final long INSTRUCTION_LIMIT = 100_000;

    enum Body { VALUES, ERROR_STRING, ERROR_TABLE, ERROR_NIL, OVERFLOW, LIMIT }

    enum Handle { AWAITED, DROPPED, DETACHED }

    enum Cancel { NEVER, BEFORE_START, WHILE_SUSPENDED, AFTER_FINISH, AFTER_JOIN }

    /** One row of {@link #TABLE}. */
    static final class Cell {
        Body body;
        Handle handle;
        Cancel cancel;
        String skip;
        boolean ran;
        String end;
        String await;
        String cancelResult;
        int reported;

        @Override
        public String toString() {
            return body.name().toLowerCase(Locale.ROOT) + " x " + handle.name().toLowerCase(Locale.ROOT)
                    + " x cancel " + cancel.name().toLowerCase(Locale.ROOT);
        }
    }

    static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|");
            String[] key = parts[0].trim().split("\\s+");
            Cell c = new Cell();
            c.body = Body.valueOf(key[0].toUpperCase(Locale.ROOT));
            c.handle = Handle.valueOf(key[1].toUpperCase(Locale.ROOT));
            c.cancel = Cancel.valueOf(key[2].toUpperCase(Locale.ROOT));
            if (parts[1].trim().startsWith("skip:")) {
                c.skip = parts[1].trim().substring("skip:".length()).trim();
            } else {
                c.ran = parts[1].trim().equals("yes");
                c.end = parts[2].trim();
                c.await = parts[3].trim();
                c.cancelResult = parts[4].trim();
                c.reported = Integer.parseInt(parts[5].trim());
            }
            cells.add(c);
        }
        return cells;
    }

    @TestFactory
    List<DynamicTest> matrix() {
        List<Cell> cells = cells();
        assertEquals(Body.values().length * Handle.values().length * Cancel.values().length, cells.size(),
                "one row per cell");
        List<DynamicTest> tests = new ArrayList<>();
        for (FiberEngine engine : Engines.runnable()) {
            for (Cell c : cells) {
                tests.add(DynamicTest.dynamicTest(c + " [" + engine.name() + "]", () -> {
                    Assumptions.assumeTrue(c.skip == null, () -> "skipped: " + c.skip);
                    run(engine, c);
                }));
            }
        }
        return tests;
    }

    /** What the driver saw; written in the driver task, read by the test thread after it ends. */
    static final class Seen {
        String await = "-";
        String secondAwait;
        String cancelResult = "-";
        boolean doneAtEnd;
        WeakReference<Object> handle;
    }

    /** Counts around the body: entered and exited once each, and how it ended. */
    static final class Wrapper extends VarArgFunction {
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger exited = new AtomicInteger();
        final AtomicReference<String> ending = new AtomicReference<>();
        private final LuaValue body;

        Wrapper(LuaValue body) {
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            entered.incrementAndGet();
            try {
                Varargs r = body.invoke();
                ending.set("values");
                return r;
            } catch (CancelSignal c) {
                ending.set("cancelled");
                throw c;
            } catch (RuntimeException | Error e) {
                ending.set("died");
                throw e;
            } finally {
                exited.incrementAndGet();
            }
        }
    }

    private static String setup(Body body) {
        String action;
        switch (body) {
            case VALUES:
                action = "return 'v', 2, nil";
                break;
            case ERROR_STRING:
                action = "error('boom')";
                break;
            case ERROR_TABLE:
                action = "error(ERR)";
                break;
            case ERROR_NIL:
                action = "error(nil)";
                break;
            case OVERFLOW:
                action = "return deep(1)";
                break;
            default:
                action = "while true do end";
                break;
        }
        return "local async = require('ward.async')\n"
                + "SPAWN = async.spawn\n"
                + "GATE = async.channel(1)\n"
                + "ERR = { code = 42 }\n"
                + "AFTER_GATE = 0\n"
                + "local function deep(n) return deep(n + 1) + 1 end\n"
                + "BODY = function()\n"
                + "  GATE:wait()\n"
                + "  AFTER_GATE = AFTER_GATE + 1\n"
                + "  " + action + "\n"
                + "end\n";
    }

    private static void run(FiberEngine engine, Cell c) throws Exception {
        WardRuntimeBuilder b = WardRuntime.builder().engine(engine);
        if (c.body == Body.LIMIT) {
            b.instructionLimit(INSTRUCTION_LIMIT);
        }
        RuntimeUnderTest t = new RuntimeUnderTest(b);
        try {
            WardRuntime rt = t.rt;
            t.eval(setup(c.body), "=body");
            Wrapper wrap = t.onLoop(() -> new Wrapper(rt.globals().get("BODY")));
            LuaValue spawn = t.onLoop(() -> rt.globals().get("SPAWN"));
            BoundedChannel gate = t.onLoop(() -> ((LuaChannel) rt.globals().get("GATE").touserdata()).channel());
            LuaValue errTable = t.onLoop(() -> rt.globals().get("ERR"));

            Future<Seen> driven = t.onLoop(() -> rt.scheduler().spawn(() -> drive(rt, c, spawn, wrap, gate, errTable))
                    .toFuture());
            assertTrue(driven.await(60, TimeUnit.SECONDS), "driver finished");
            if (!driven.isSuccess()) {
                throw new AssertionError("driver failed", driven.cause());
            }
            Seen seen = driven.getNow();

            if (c.handle != Handle.AWAITED) {
                // the handle is unreachable now: collect it (dropped: the task is aborted)
                gcUntil(() -> seen.handle.get() == null);
                if (c.cancel == Cancel.NEVER && c.handle == Handle.DETACHED) {
                    assertEquals(0, wrap.exited.get(), "a detached task survives the loss of its handle");
                    gate.trySend(LuaValue.TRUE);
                }
                gcUntil(() -> wrap.exited.get() == wrap.entered.get());
            }
            if (c.reported == 1) {
                gcUntil(() -> t.reports() == 1);
            }
            assertEquals(0, t.liveTasks(), "no task left live");
            int afterGate = t.onLoop(() -> rt.globals().get("AFTER_GATE").toint());
            t.close();

            assertEquals(c.ran ? 1 : 0, wrap.entered.get(), "body ran");
            assertEquals(wrap.entered.get(), wrap.exited.get(), "body ended exactly once");
            if (c.ran) {
                assertEquals(c.end, wrap.ending.get(), "how the body ended");
                assertEquals(c.end.equals("cancelled") ? 0 : 1, afterGate, "code after the cancelled await ran");
            } else {
                assertEquals("cancelled", c.end);
            }
            assertEquals(c.await, seen.await, "await result");
            if (c.cancel == Cancel.AFTER_JOIN) {
                assertEquals("joined", seen.secondAwait, "a second await");
            }
            assertEquals(c.cancelResult, seen.cancelResult, "cancel() result");
            if (c.handle == Handle.AWAITED || c.cancel != Cancel.NEVER) {
                assertTrue(seen.doneAtEnd, "done() once the task ended");
            }
            assertEquals(c.reported, t.reports(), "unobserved reports\n" + t.stderr());
            if (c.reported == 1) {
                assertTrue(t.stderr().contains(RuntimeUnderTest.REPORT + reportText(c.body)), t.stderr());
            }
            assertTrue(!t.stderr().contains("Exception") && !t.stderr().contains("io.ward"), t.stderr());
        } finally {
            t.close();
        }
    }

    private static String reportText(Body body) {
        switch (body) {
            case ERROR_STRING:
                return "body:";
            case ERROR_TABLE:
                return "table: ";
            case ERROR_NIL:
                return "nil";
            case OVERFLOW:
                return "stack overflow";
            case LIMIT:
                return "instruction limit exceeded";
            default:
                throw new IllegalArgumentException("values are never reported");
        }
    }

    private static void gcUntil(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            return condition.call();
        });
    }

    /** The driver: a Java task that spawns the Lua task, cancels, awaits and lets go as the cell says. */
    private static Seen drive(WardRuntime rt, Cell c, LuaValue spawn, Wrapper wrap, BoundedChannel gate,
                              LuaValue errTable) {
        Scheduler s = rt.scheduler();
        Seen seen = new Seen();
        LuaValue h = spawn.call(wrap);
        Task<?> core = (Task<?>) ((LuaAwaitable) h.touserdata()).awaitable();
        seen.handle = new WeakReference<>(core);
        if (c.handle == Handle.DETACHED) {
            assertTrue(h.method("detach").toboolean());
        }
        if (c.cancel == Cancel.BEFORE_START) {
            seen.cancelResult = String.valueOf(h.method("cancel").toboolean());
        }
        s.yieldNow(); // lazy start: the task runs now, up to the gate
        if (c.cancel == Cancel.WHILE_SUSPENDED) {
            seen.cancelResult = String.valueOf(h.method("cancel").toboolean());
        }
        if (c.cancel == Cancel.NEVER && c.handle != Handle.AWAITED) {
            return seen; // let go while parked at the gate; the test thread collects the handle
        }
        if (c.cancel != Cancel.BEFORE_START && c.cancel != Cancel.WHILE_SUSPENDED) {
            gate.trySend(LuaValue.TRUE);
        }
        if (c.handle == Handle.AWAITED && c.cancel == Cancel.NEVER) {
            seen.await = awaitResult(rt, h, errTable); // suspends: the task has not run yet
        } else {
            while (!core.isDone()) {
                s.yieldNow();
            }
        }
        if (c.cancel == Cancel.AFTER_FINISH) {
            seen.cancelResult = String.valueOf(h.method("cancel").toboolean());
        }
        if (c.handle == Handle.AWAITED && c.cancel != Cancel.NEVER) {
            seen.await = awaitResult(rt, h, errTable);
        }
        if (c.cancel == Cancel.AFTER_JOIN) {
            seen.cancelResult = String.valueOf(h.method("cancel").toboolean());
            seen.secondAwait = awaitResult(rt, h, errTable);
        }
        seen.doneAtEnd = h.method("done").toboolean();
        return seen;
    }

    /** Awaits the handle as Lua's {@code h:wait()} does and names the outcome. */
    private static String awaitResult(WardRuntime rt, LuaValue h, LuaValue errTable) {
        try {
            Varargs v = Awaits.await(rt, (LuaAwaitable) h.touserdata());
            boolean exact = v.narg() == 3 && v.arg(1).tojstring().equals("v") && v.arg(2).toint() == 2
                    && v.arg(3).isnil();
            return exact ? "values" : "values?" + v;
        } catch (LimitExceededError e) {
            return "limit";
        } catch (CancelSignal e) {
            throw e; // the driver itself was cancelled: a test failure
        } catch (RuntimeException | StackOverflowError e) {
            LuaValue value = LuaErrors.value(e);
            if (value.isnil()) {
                return "nil";
            }
            if (value.raweq(errTable)) {
                return "ERR";
            }
            String text = value.tojstring();
            if (text.equals("cancelled")) {
                return "cancelled";
            }
            if (text.equals("task already joined")) {
                return "joined";
            }
            if (text.matches("body:\\d+: boom")) {
                return "boom";
            }
            if (text.contains("stack overflow")) {
                return "overflow";
            }
            return "error?" + text;
        }
    }
}
