package io.ward.lua;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;

import java.util.ArrayList;
import java.util.List;

/**
 * The fiber engines this JVM can run: thread always, continuation on JDK 21+ with the export. The
 * system property {@code ward.test.engine} (set by the parent pom, {@code auto} by default)
 * narrows them to {@code thread} or {@code continuation}: CI runs the thread engine on JDK 17 and
 * the continuation engine on the newer JDK (.ci/run).
 */
public final class TestEngines {
    private TestEngines() {
    }

    public static List<FiberEngine> available() {
        String wanted = System.getProperty("ward.test.engine", "auto");
        List<FiberEngine> engines = new ArrayList<>();
        if (!wanted.equals("continuation") || !FiberEngines.continuationAvailable()) {
            engines.add(FiberEngines.thread());
        }
        if (FiberEngines.continuationAvailable() && !wanted.equals("thread")) {
            engines.add(FiberEngines.continuation());
        }
        return engines;
    }
}
