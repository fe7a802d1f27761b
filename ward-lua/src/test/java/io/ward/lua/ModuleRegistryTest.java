package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module registry: which ward.* modules a runtime gets, require("ward"), opening on first use. */
@Timeout(120)
class ModuleRegistryTest {
    static List<FiberEngine> engines() {
        return Engines.runnable();
    }

    private static String eval(WardRuntime rt, String code) throws Exception {
        Future<org.luaj.vm2.Varargs> f = rt.eval(code, "=test");
        return TestFutures.result(f).arg1().tojstring();
    }

    /** The sorted fields of require("ward"), and whether each is the same value as require("ward.<field>"). */
    private static final String WARD_FIELDS = "local w = require('ward') local ks = {} "
            + "for k, v in pairs(w) do ks[#ks + 1] = k .. (v == require('ward.' .. k) and '' or '(not identical)') end "
            + "table.sort(ks) return table.concat(ks, ',')";

    /** A module that counts how often it is opened. */
    static final class Counted implements WardModule {
        final String name;
        final Set<Need> needs;
        final AtomicInteger opened = new AtomicInteger();

        Counted(String name, Set<Need> needs) {
            this.name = name;
            this.needs = needs;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Need> needs() {
            return needs;
        }

        @Override
        public LuaValue open(WardRuntime runtime) {
            LuaTable t = new LuaTable();
            t.set("opened", opened.incrementAndGet());
            return t;
        }
    }

    /** Every registered module, sorted: the one list to extend when a module is added. */
    static final List<String> STANDARD = List.of("ward.async", "ward.convert", "ward.convert.ini",
            "ward.convert.json", "ward.convert.toml", "ward.convert.yaml", "ward.crypto", "ward.env", "ward.fs",
            "ward.fs.path", "ward.helpers", "ward.helpers.number", "ward.helpers.retry", "ward.helpers.string",
            "ward.helpers.table", "ward.host", "ward.host.platform", "ward.host.resources", "ward.io", "ward.ipc",
            "ward.ipc.unix", "ward.lifecycle", "ward.log", "ward.module", "ward.net", "ward.net.fetch", "ward.net.http",
            "ward.process", "ward.shared", "ward.template", "ward.template.minijinja", "ward.term", "ward.time");

    /** The fields of require("ward") when every module is enabled: the top-level modules' short names. */
    private static String topLevel(List<String> names) {
        return names.stream().map(n -> n.substring("ward.".length())).filter(n -> !n.contains("."))
                .sorted().collect(java.util.stream.Collectors.joining(","));
    }

    @Test
    void theStandardRegistryHasEveryWardModule() {
        assertEquals(STANDARD, ModuleRegistry.standard().names());
        assertEquals(Set.of(WardModule.Need.BLOCKING_POOL, WardModule.Need.HOST_ACCESS),
                ModuleRegistry.standard().find("ward.process").needs());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void embeddersGetEveryModuleThatStaysInsideTheRuntime(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).build()) {
            assertEquals("async,convert,helpers,io,lifecycle,log,shared,template,term,time", eval(rt, WARD_FIELDS));
            assertEquals("nil", eval(rt, "return tostring(require('ward.template').minijinja)"), "it reads files");
            for (String hostModule : List.of("ward.process", "ward.module", "ward.env", "ward.host", "ward.host.platform",
                    "ward.crypto", "ward.fs", "ward.fs.path", "ward.net", "ward.net.http", "ward.ipc.unix")) {
                assertEquals("false", eval(rt, "return tostring(pcall(require, '" + hostModule + "'))"), hostModule);
            }
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).withLibrary("ward.process").build()) {
            assertEquals("async,convert,helpers,io,lifecycle,log,process,shared,template,term,time", eval(rt, WARD_FIELDS));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void theCommandLineGetsEveryModuleAndWithoutLibraryTakesOneAway(FiberEngine engine) throws Exception {
        try (WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules().build()) {
            assertEquals(topLevel(STANDARD), eval(rt, WARD_FIELDS));
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules()
                .withoutLibrary("ward.time").build()) {
            assertEquals(topLevel(STANDARD.stream().filter(n -> !n.equals("ward.time")).toList()), eval(rt, WARD_FIELDS));
            assertTrue(eval(rt, "return select(2, pcall(require, 'ward.time'))").contains("module 'ward.time' not found"));
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).commandLineModules()
                .withoutLibrary("ward.convert.yaml").build()) {
            assertEquals("ini,json,toml", eval(rt, "local ks = {} for k in pairs(require('ward.convert')) do "
                    + "ks[#ks + 1] = k end table.sort(ks) return table.concat(ks, ',')"), "a format left out stays out");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aModuleOpensOnFirstRequireOncePerRuntime(FiberEngine engine) throws Exception {
        Counted extra = new Counted("ward.extra", Set.of());
        ModuleRegistry registry = ModuleRegistry.of(extra);
        try (WardRuntime rt = WardRuntime.builder().engine(engine).registry(registry).build()) {
            assertEquals(0, extra.opened.get(), "not opened before a script requires it");
            assertEquals("1 1 true", eval(rt, "local a, b = require('ward.extra'), require('ward').extra "
                    + "return a.opened .. ' ' .. b.opened .. ' ' .. tostring(a == b)"));
            assertEquals(1, extra.opened.get());
        }
        try (WardRuntime rt = WardRuntime.builder().engine(engine).registry(registry).build()) {
            assertEquals("2", eval(rt, "return require('ward.extra').opened"), "a second runtime opens its own");
        }
    }

    @Test
    void needsDecideDefaultsAndWhatCanBeEnabled() {
        Counted host = new Counted("ward.host_thing", EnumSet.of(WardModule.Need.HOST_ACCESS));
        Counted blocking = new Counted("ward.blocking_thing", EnumSet.of(WardModule.Need.BLOCKING_POOL));
        ModuleRegistry registry = ModuleRegistry.of(host, blocking);
        WardRuntimeBuilder embedder = WardRuntime.builder().registry(registry);
        assertEquals(List.of(blocking), embedder.enabledModules(), "host access is off for embedders");
        assertEquals(List.of(blocking, host), WardRuntime.builder().registry(registry).commandLineModules().enabledModules());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WardRuntime.builder().registry(registry).blockingThreads(0).build());
        assertEquals("ward.blocking_thing needs the blocking pool, but blockingThreads is 0", e.getMessage());
        try (WardRuntime rt = WardRuntime.builder().registry(registry).withoutLibrary("ward.blocking_thing")
                .blockingThreads(0).build()) {
            IllegalStateException none = assertThrows(IllegalStateException.class, rt::blockingPool);
            assertEquals("this runtime has no blocking pool (blockingThreads is 0)", none.getMessage());
        }
    }

    @Test
    void unknownNamesAreRefusedWithWhatExists() {
        IllegalArgumentException add = assertThrows(IllegalArgumentException.class,
                () -> WardRuntime.builder().withLibrary("ward.nope"));
        assertEquals("unknown library 'ward.nope' (io, os, debug, binary, " + String.join(", ", STANDARD) + " can be added)",
                add.getMessage());
        IllegalArgumentException remove = assertThrows(IllegalArgumentException.class,
                () -> WardRuntime.builder().withoutLibrary("ward.nope"));
        assertEquals("unknown module 'ward.nope' (registered: " + String.join(", ", STANDARD) + ")", remove.getMessage());
        assertThrows(IllegalStateException.class, () -> ModuleRegistry.of(
                new Counted("ward.twice", Set.of()), new Counted("ward.twice", Set.of())));
        assertThrows(IllegalStateException.class, () -> ModuleRegistry.of(new Counted("nope", Set.of())));
    }
}
