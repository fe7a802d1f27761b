package it;

import io.ward.lua.WardRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** luaj-jse listed before ward-lua: Ward refuses to run with LuaJ's own number code and says why. */
class LuajFirstTest {
    @Test
    void buildingARuntimeFailsWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardRuntime.builder().build());
        String m = e.getMessage();
        assertTrue(m.contains("org.luaj.vm2.LuaDouble") && m.contains("luaj-jse-")
                && m.contains("an unpatched org.luaj:luaj-jse is ahead of io.ward:ward-lua on the class path")
                && m.contains("declare io.ward:ward-lua before org.luaj:luaj-jse"), m);
    }
}
