package io.ward.lua.term;

import org.luaj.vm2.LuaTable;

/** {@code term.ansi}: the 46 escape sequences, emitted as they are (no terminal detection). Stateless. */
final class Ansi {
    private static final String[] COLORS = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

    private Ansi() {
    }

    static LuaTable table() {
        LuaTable t = new LuaTable();
        String[][] styles = {{"reset", "0"}, {"bold", "1"}, {"dim", "2"}, {"italic", "3"}, {"underline", "4"},
            {"blink", "5"}, {"reverse", "7"}, {"hidden", "8"}, {"strike", "9"}};
        for (String[] s : styles) {
            t.set(s[0], csi(s[1] + "m"));
        }
        t.set("clear_line", csi("2K"));
        t.set("clear_screen", csi("2J"));
        t.set("home", csi("H"));
        for (int i = 0; i < COLORS.length; i++) {
            t.set(COLORS[i], csi((30 + i) + "m"));
            t.set("bright_" + COLORS[i], csi((90 + i) + "m"));
            t.set("bg_" + COLORS[i], csi((40 + i) + "m"));
            t.set("bg_bright_" + COLORS[i], csi((100 + i) + "m"));
        }
        t.set("default", csi("39m"));
        t.set("bg_default", csi("49m"));
        return t;
    }

    static String csi(String tail) {
        return "\u001b[" + tail;
    }
}
