package io.ward.lua.reliability;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the soak only when asked: with {@code -Dward.soak.minutes}, or a stress scale above 1
 * (the {@code -Pstress} profile). A second guard besides the build's exclusion of the
 * "soak" tag, so that a plain build never spends ten minutes on it.
 */
final class SoakRequested implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getProperty("ward.soak.minutes") != null) {
            return ConditionEvaluationResult.enabled("ward.soak.minutes is set");
        }
        double scale;
        try {
            scale = Double.parseDouble(System.getProperty("ward.stress.scale", "1").trim());
        } catch (NumberFormatException e) {
            scale = 1;
        }
        return scale > 1 ? ConditionEvaluationResult.enabled("stress scale " + scale)
                : ConditionEvaluationResult.disabled("soak: pass -Dward.soak.minutes=N or run -Pstress");
    }
}
