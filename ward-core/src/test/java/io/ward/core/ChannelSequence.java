package io.ward.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One case of {@code BoundedChannelModelTest}: a channel capacity and the actions run on it,
 * as plain data so that a failing case can be generated again from its seed and shrunk.
 */
final class ChannelSequence {
    static final int MAX_CAPACITY = 4;
    static final int MAX_LENGTH = 60;
    /** A cancel names a blocked task by an index below this, modulo their number. */
    static final int CANCEL_INDICES = 8;

    /** One step. Sent values are the step's index, so every value is unique. */
    enum Kind { SEND, TRY_SEND, RECEIVE, TRY_RECEIVE, CLOSE, CANCEL }

    /** The kinds of weight 5 each (20 in all), against 1 for CLOSE and 3 for CANCEL. */
    private static final Kind[] SIMPLE = {Kind.SEND, Kind.TRY_SEND, Kind.RECEIVE, Kind.TRY_RECEIVE};

    /** A step: its kind and, for CANCEL, which blocked task (an index modulo their number). */
    static final class Action {
        final Kind kind;
        final int which;

        Action(Kind kind, int which) {
            this.kind = kind;
            this.which = which;
        }

        @Override
        public String toString() {
            return kind == Kind.CANCEL ? "CANCEL(" + which + ")" : kind.name();
        }
    }

    final int capacity;
    final List<Action> actions;

    ChannelSequence(int capacity, List<Action> actions) {
        this.capacity = capacity;
        this.actions = List.copyOf(actions);
    }

    /**
     * Capacity 1 to 4; length 0 to 60, uniform (not mostly short ones); each action by weight:
     * send, try_send, receive, try_recv 5 each, close 1, cancel 3 (its index 0 to 7).
     */
    static ChannelSequence random(Random r) {
        int capacity = 1 + r.nextInt(MAX_CAPACITY);
        int length = r.nextInt(MAX_LENGTH + 1);
        List<Action> actions = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int w = r.nextInt(24);
            actions.add(w < 20 ? new Action(SIMPLE[w / 5], 0)
                    : w < 21 ? new Action(Kind.CLOSE, 0)
                    : new Action(Kind.CANCEL, r.nextInt(CANCEL_INDICES)));
        }
        return new ChannelSequence(capacity, actions);
    }

    /**
     * The cases one change simpler, most shrinking first: without one action; with a cancel
     * index set to 0, or lowered by one; with capacity 1, or one less.
     */
    List<ChannelSequence> simpler() {
        List<ChannelSequence> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            List<Action> fewer = new ArrayList<>(actions);
            fewer.remove(i);
            out.add(new ChannelSequence(capacity, fewer));
        }
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a.kind == Kind.CANCEL && a.which > 0) {
                out.add(withAction(i, new Action(Kind.CANCEL, 0)));
                if (a.which > 1) {
                    out.add(withAction(i, new Action(Kind.CANCEL, a.which - 1)));
                }
            }
        }
        if (capacity > 1) {
            out.add(new ChannelSequence(1, actions));
            if (capacity > 2) {
                out.add(new ChannelSequence(capacity - 1, actions));
            }
        }
        return out;
    }

    private ChannelSequence withAction(int i, Action a) {
        List<Action> changed = new ArrayList<>(actions);
        changed.set(i, a);
        return new ChannelSequence(capacity, changed);
    }

    @Override
    public String toString() {
        return "capacity " + capacity + ", " + actions;
    }
}
