package io.ward.lua.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a {@code Pipeline}, each a snapshot of the {@code Cmd} taken when it was
 * piped, and the pipeline's own settings.
 *
 * <p>Confined to the runtime's context.
 */
final class PipelineSpec {
    final List<CommandSpec> stages = new ArrayList<>();
    boolean pipefail;
    /** Zero: none (the stages' own timeouts still apply, see {@link #effectiveTimeoutNanos}). */
    long timeoutNanos;
    /** Set on the pipeline; a stage's own setting counts too, see {@link #killsOnCancel}. */
    boolean killOnCancel;

    PipelineSpec(boolean pipefail, long timeoutNanos) {
        this.pipefail = pipefail;
        this.timeoutNanos = timeoutNanos;
    }

    /** A one-stage view of {@code cmd} (not a copy: starting copies it), to run it like a pipeline. */
    static PipelineSpec single(CommandSpec cmd) {
        PipelineSpec p = new PipelineSpec(false, 0);
        p.stages.add(cmd);
        return p;
    }

    /** Whether the pipeline or any of its stages was told to {@code kill_on_cancel}. */
    boolean killsOnCancel() {
        return killOnCancel || stages.stream().anyMatch(s -> s.killOnCancel);
    }

    /** The shortest of the pipeline's and its stages' timeouts; zero when none is set. */
    long effectiveTimeoutNanos() {
        long t = timeoutNanos;
        for (CommandSpec s : stages) {
            if (s.timeoutNanos > 0 && (t == 0 || s.timeoutNanos < t)) {
                t = s.timeoutNanos;
            }
        }
        return t;
    }
}
