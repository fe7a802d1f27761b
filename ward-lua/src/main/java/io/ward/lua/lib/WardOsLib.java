package io.ward.lua.lib;

import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * LuaJ's {@code os} library (added only with {@code withLibrary("os")}) with Lua 5.2's
 * {@code os.setlocale} answer for a program that cannot change its C locale: the "C" locale
 * exists, no other does. LuaJ answered "C" to every request, so a script asking for
 * {@code "pt_BR"} believed it had switched and then saw C-locale numbers. Stateless.
 */
final class WardOsLib extends JseOsLib {
    @Override
    protected String setlocale(String locale, String category) {
        if (locale == null || locale.isEmpty() || locale.equals("C") || locale.equals("POSIX")
                || locale.equalsIgnoreCase("C.UTF-8") || locale.equalsIgnoreCase("C.utf8")) {
            return "C"; // a query, the environment's default, or C itself: Ward always runs in C
        }
        return null; // Lua returns nil for a locale it cannot set
    }
}
