package io.ward.core;

import io.ward.core.ChannelSequence.Action;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Baseline;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import io.ward.core.testing.RandomCheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Model-based test of {@link BoundedChannel}: random sequences of send, try_send, receive,
 * try_recv, close and cancel-a-waiting-task ({@link ChannelSequence}) run on a deterministic
 * {@link ManualLoop} and are compared with {@link ChannelModel} after every step: what each
 * operation returned, what every task that sent or received has ended with (or that it is
 * still blocked), the number of buffered items, blocked senders and receivers, the closed
 * flag and the live tasks. At the end the buffer is drained and compared item by item, and
 * nothing may be left behind.
 *
 * <p>{@link RandomCheck} generates the sequences ({@code ward.test.modelSequences} per engine),
 * shrinks a failing one to a shortest one, and reports its seed; {@code -Dward.model.seed=<seed>}
 * replays it.
 */
class BoundedChannelModelTest {

    @EngineTest
    void channelMatchesTheModel(FiberEngine engine) {
        RandomCheck.fromSystemProperties().run("BoundedChannel on the " + engine.name() + " engine",
                ChannelSequence::random, ChannelSequence::simpler, c -> check(engine, c.capacity, c.actions));
    }

    private static void check(FiberEngine engine, int capacity, List<Action> actions) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, capacity);
            ChannelModel model = new ChannelModel(capacity);
            Map<Integer, Task<?>> tasks = new HashMap<>();
            Map<Integer, String> ended = new HashMap<>(); // written by the task bodies, on the loop
            for (int step = 0; step < actions.size(); step++) {
                Action a = actions.get(step);
                String where = "step " + step + " " + a + " of " + actions;
                int value = step;
                String returned = "";
                String expected = "";
                switch (a.kind) {
                    case SEND:
                        tasks.put(step, s.spawn(recording(ended, step, () -> {
                            Object r = s.await(ch.sender(value));
                            return r == BoundedChannel.CLOSED ? ChannelModel.CLOSED : String.valueOf(r);
                        })));
                        model.send(step, value);
                        break;
                    case TRY_SEND:
                        returned = ch.trySend(value).name();
                        expected = model.trySend(value);
                        break;
                    case RECEIVE:
                        tasks.put(step, s.spawn(recording(ended, step, () -> received(s.await(ch.receiver())))));
                        model.receive(step);
                        break;
                    case TRY_RECEIVE: {
                        Outcome<Object> o = ch.tryReceive();
                        returned = o == null ? "empty" : received(o.value());
                        expected = model.tryReceive();
                        break;
                    }
                    case CLOSE:
                        ch.close();
                        model.close();
                        break;
                    default: {
                        List<Integer> blocked = model.blocked();
                        if (!blocked.isEmpty()) {
                            int id = blocked.get(a.which % blocked.size());
                            returned = String.valueOf(tasks.get(id).cancel());
                            expected = "true";
                            model.cancel(id);
                        }
                        break;
                    }
                }
                m.runUntilIdle();
                assertEquals(expected, returned, where);
                assertEquals(model.tasks(), statuses(tasks, ended), where);
                assertEquals(model.size(), ch.size(), "buffered items, " + where);
                assertEquals(model.blockedSenders(), ch.blockedSenders(), "blocked senders, " + where);
                assertEquals(model.blockedReceivers(), ch.blockedReceivers(), "blocked receivers, " + where);
                assertEquals(model.isClosed(), ch.isClosed(), where);
                assertEquals(model.blocked().size(), s.liveTaskCount(), "live tasks, " + where);
            }
            // the buffer, item by item: close, then drain both
            ch.close();
            model.close();
            m.runUntilIdle();
            assertEquals(model.tasks(), statuses(tasks, ended), "after the final close");
            List<String> left = new ArrayList<>();
            List<String> modelLeft = new ArrayList<>();
            for (String r = ""; !r.equals(ChannelModel.CLOSED); ) {
                Outcome<Object> o = ch.tryReceive();
                r = o == null ? "empty (not closed?)" : received(o.value());
                left.add(r);
                modelLeft.add(model.tryReceive());
                if (left.size() > capacity + 1) {
                    break;
                }
            }
            assertEquals(modelLeft, left, "drained after close");
            Baseline.assertQuiet(m, ch);
        }
    }

    private static String received(Object o) {
        return o == BoundedChannel.CLOSED ? ChannelModel.CLOSED : "got " + o;
    }

    /** A task body that records how it ended, unless it was cancelled (the status then says so). */
    private static Callable<String> recording(Map<Integer, String> ended, int id,
            Callable<String> body) {
        return () -> {
            String r;
            try {
                r = body.call();
            } catch (CancelSignal cancelled) {
                throw cancelled;
            } catch (Throwable t) {
                ended.put(id, "failed: " + t);
                throw t;
            }
            ended.put(id, r);
            return r;
        };
    }

    private static Map<Integer, String> statuses(Map<Integer, Task<?>> tasks, Map<Integer, String> ended) {
        Map<Integer, String> out = new TreeMap<>();
        tasks.forEach((id, t) -> out.put(id, ended.getOrDefault(id,
                t.isDone() ? ChannelModel.CANCELLED : ChannelModel.BLOCKED)));
        return out;
    }
}
