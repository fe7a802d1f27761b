package io.ward.lua;

import java.util.Locale;

/**
 * A log record's level, in increasing order, with how it is printed: the name in capitals
 * padded to 5 characters and, on a terminal, an ANSI colour. Immutable.
 */
public enum LogLevel {
    TRACE("\u001b[90m"), DEBUG("\u001b[36m"), INFO("\u001b[32m"), WARN("\u001b[33m"), ERROR("\u001b[31m"),
    FATAL("\u001b[35m");

    private static final String RESET = "\u001b[0m";
    private final String colour;

    LogLevel(String colour) {
        this.colour = colour;
    }

    /** {@code "INFO "}: the name padded to 5, coloured when {@code colour}. */
    public String token(boolean colour) {
        String padded = String.format("%-5s", name());
        return colour ? this.colour + padded + RESET : padded;
    }

    /**
     * The level called {@code name} ({@code trace}, {@code debug}, {@code info}, {@code warn} or
     * {@code warning}, {@code error}, {@code fatal}), any case; {@code null} for anything else.
     */
    public static LogLevel parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("warning")) {
            return WARN;
        }
        for (LogLevel l : values()) {
            if (l.name().toLowerCase(Locale.ROOT).equals(n)) {
                return l;
            }
        }
        return null;
    }
}
