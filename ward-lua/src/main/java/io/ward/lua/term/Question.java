package io.ward.lua.term;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * What one input function asks and how it turns lines into its answer (spec 2.3): the text to
 * write, then for each line read (or end of input) either the answer or the text to write
 * before reading another line. Immutable, so one {@code InputAwaitable} asks the same question
 * at every wait.
 */
abstract class Question {
    /** An answer, or the text to write before the next line ({@code again}). */
    static final class Step {
        final LuaValue answer;
        final byte[] again;

        private Step(LuaValue answer, byte[] again) {
            this.answer = answer;
            this.again = again;
        }

        static Step answer(LuaValue v) {
            return new Step(v, null);
        }

        static Step askAgain(byte[] text) {
            return new Step(null, text);
        }
    }

    /** The text written before the first line is read. */
    abstract byte[] text();

    /** The step for {@code line} (its line end removed, or kept when {@link #rawLine()}); {@code null} at end of input. */
    abstract Step next(byte[] line);

    /** Whether the line is read with its line end ({@code prompt} without {@code trim}). */
    boolean rawLine() {
        return false;
    }

    /** Whether echo is turned off while the line is read, on a terminal ({@code password}). */
    boolean hidden() {
        return false;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code line} without its trailing {@code \r}/{@code \n} characters. */
    static byte[] stripLineEnd(byte[] line) {
        int end = line.length;
        while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n')) {
            end--;
        }
        return end == line.length ? line : java.util.Arrays.copyOf(line, end);
    }

    /** {@code line} as text without surrounding white space (ASCII and Unicode). */
    static String strip(byte[] line) {
        return new String(line, StandardCharsets.UTF_8).strip();
    }

    /** {@code term.prompt}: one line, the default for an empty one when trimming. */
    static final class Prompt extends Question {
        private final byte[] question;
        private final LuaString defaultValue;
        private final boolean trim;

        Prompt(byte[] question, LuaString defaultValue, boolean trim) {
            this.question = question;
            this.defaultValue = defaultValue;
            this.trim = trim;
        }

        @Override
        byte[] text() {
            return defaultValue == null ? concat(question, utf8(" "))
                    : concat(question, utf8(" ["), bytes(defaultValue), utf8("] "));
        }

        @Override
        Step next(byte[] line) {
            if (line == null) {
                return Step.answer(LuaValue.NIL);
            }
            if (!trim) {
                return Step.answer(LuaString.valueUsing(line));
            }
            byte[] l = stripLineEnd(line);
            if (l.length == 0) {
                return Step.answer(defaultValue != null ? defaultValue : LuaValue.EMPTYSTRING);
            }
            return Step.answer(LuaString.valueUsing(l));
        }

        @Override
        boolean rawLine() {
            return !trim;
        }
    }

    /** {@code term.confirm}: {@code y}/{@code yes} is true, blank or end of input the default, anything else false. */
    static final class Confirm extends Question {
        private final byte[] question;
        private final boolean defaultValue;

        Confirm(byte[] question, boolean defaultValue) {
            this.question = question;
            this.defaultValue = defaultValue;
        }

        @Override
        byte[] text() {
            return concat(question, utf8(defaultValue ? " [Y/n] " : " [y/N] "));
        }

        @Override
        Step next(byte[] line) {
            String s = line == null ? "" : strip(line).toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                return Step.answer(LuaValue.valueOf(defaultValue));
            }
            return Step.answer(LuaValue.valueOf(s.equals("y") || s.equals("yes")));
        }
    }

    /** {@code term.choose}: a numbered list, asked again until a valid number (or blank with a default). */
    static final class Choose extends Question {
        private final byte[] question;
        private final List<LuaString> choices;
        private final int defaultIndex; // 1-based, 0 for none

        Choose(byte[] question, List<LuaString> choices, int defaultIndex) {
            this.question = question;
            this.choices = choices;
            this.defaultIndex = defaultIndex;
        }

        @Override
        byte[] text() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(question);
            out.write('\n');
            for (int i = 0; i < choices.size(); i++) {
                out.writeBytes(utf8("  " + (i + 1) + ") "));
                out.writeBytes(bytes(choices.get(i)));
                out.write('\n');
            }
            out.writeBytes(selection());
            return out.toByteArray();
        }

        private byte[] selection() {
            return utf8("Select 1-" + choices.size() + (defaultIndex > 0 ? " [default " + defaultIndex + "]: " : ": "));
        }

        @Override
        Step next(byte[] line) {
            if (line == null) {
                return Step.answer(LuaValue.NIL);
            }
            String s = strip(line);
            if (s.isEmpty() && defaultIndex > 0) {
                return Step.answer(choices.get(defaultIndex - 1));
            }
            if (s.matches("[0-9]{1,9}")) {
                int i = Integer.parseInt(s);
                if (i >= 1 && i <= choices.size()) {
                    return Step.answer(choices.get(i - 1));
                }
            }
            return Step.askAgain(selection());
        }
    }

    /** {@code term.password}: one line, read with echo off on a terminal. */
    static final class Password extends Question {
        private final byte[] prompt;
        private final boolean trim;

        Password(byte[] prompt, boolean trim) {
            this.prompt = prompt;
            this.trim = trim;
        }

        @Override
        byte[] text() {
            return concat(prompt, utf8(" "));
        }

        @Override
        Step next(byte[] line) {
            if (line == null) {
                return Step.answer(LuaValue.NIL);
            }
            return Step.answer(LuaString.valueUsing(trim ? stripLineEnd(line) : line));
        }

        @Override
        boolean hidden() {
            return true;
        }
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }
}
