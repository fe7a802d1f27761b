package io.ward.lua.lang;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link FormatArguments} over a list holding the format ({@code byte[]}) then numbers
 * ({@code Double}) and strings ({@code byte[]}), converting as Lua 5.2 does and failing with
 * the messages {@code lua5.2} gives when {@code string.format} is called through {@code pcall}.
 */
final class ListArguments implements FormatArguments {
    /** A type error as the test's stand-in for the runtime raises it. */
    static final class ArgumentError extends RuntimeException {
        ArgumentError(String message) {
            super(message);
        }
    }

    private final List<Object> values;

    ListArguments(List<Object> values) {
        this.values = values;
    }

    @Override
    public int top() {
        return values.size();
    }

    private Object get(int arg) {
        return values.get(arg - 1);
    }

    @Override
    public double checkNumber(int arg) {
        Object v = get(arg);
        if (v instanceof Double d) {
            return d;
        }
        double d = LuaNumberParser.parse((byte[]) v);
        if (Double.isNaN(d)) {
            throw new ArgumentError("bad argument #" + arg + " to 'string.format' (number expected, got string)");
        }
        return d;
    }

    @Override
    public byte[] checkString(int arg) {
        return toText(arg);
    }

    @Override
    public byte[] toText(int arg) {
        Object v = get(arg);
        return v instanceof Double d ? LuaNumberFormat.toLuaString(d).getBytes(StandardCharsets.ISO_8859_1) : (byte[]) v;
    }
}
