package io.ward.lua;

import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;

import java.util.ArrayList;
import java.util.List;

/** The fiber engines this JVM can run: thread always, continuation on JDK 21+ with the export. */
public final class TestEngines {
    private TestEngines() {
    }

    public static List<FiberEngine> available() {
        List<FiberEngine> engines = new ArrayList<>();
        engines.add(FiberEngines.thread());
        if (FiberEngines.continuationAvailable()) {
            engines.add(FiberEngines.continuation());
        }
        return engines;
    }
}
