package io.ward.lua.lang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random inputs for {@link LuaReferenceDifferentialTest}, biased towards the edges: doubles
 * (random bits, subnormals, powers of two and ten and their neighbours, integers near 2^53,
 * near-ties at the 14th digit), format calls with random flags, width and precision, and
 * numerals that are valid or nearly so. Also the ways to write a value for Lua.
 */
final class LuaCorpus {
    private static final String CONVERSIONS = "cdiouxXeEfgGaAqs";
    private static final String INVALID_CONVERSIONS = "yzbnpFhlL%";
    private static final String FLAGS = "-+ #0";
    private static final String SPACES = " \t\n\u000b\f\r";
    private static final double[] LIMITS = {
        0x1p63, -0x1p63, 0x1p64, 0x1p63 + 2048, -0x1p63 - 2048, 0x1p64 - 2048, 0x1p53, 0x1p53 + 2, -1, -0.5,
        -0.999999, 0.999999, 1e15, 1e14, 99999999999999.5, 0x1p31, -0x1p31, 4294967296.0, 255, 256, -0.0, 0,
    };

    private final SplittableRandom random;

    LuaCorpus(SplittableRandom random) {
        this.random = random;
    }

    /** The i-th double of the number corpus: the categories take turns. */
    double nextDouble(int i) {
        return switch (i % 10) {
            case 0, 1 -> randomBits();
            case 2 -> Double.longBitsToDouble(random.nextLong() & 0x800fffffffffffffL); // subnormal or zero
            case 3 -> neighbour(Math.scalb(1.0, random.nextInt(-1074, 1024)));
            case 4 -> neighbour(Double.parseDouble("1e" + random.nextInt(-323, 309)));
            case 5 -> neighbour((double) (random.nextLong(-(1L << 54), 1L << 54)));
            case 6 -> nearTie();
            case 7 -> random.nextLong(-1_000_000_000, 1_000_000_000) / Math.pow(10, random.nextInt(0, 12));
            case 8 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 20)) * (random.nextBoolean() ? 1 : -1);
            default -> special();
        };
    }

    private double randomBits() {
        double d = Double.longBitsToDouble(random.nextLong());
        return Double.isNaN(d) ? special() : d;
    }

    private double neighbour(double d) {
        return switch (random.nextInt(4)) {
            case 0 -> Math.nextUp(d);
            case 1 -> Math.nextDown(d);
            case 2 -> -d;
            default -> d;
        };
    }

    /** A double next to a 15-digit decimal ending in 5: where rounding to 14 digits is closest. */
    private double nearTie() {
        StringBuilder s = new StringBuilder().append(random.nextInt(1, 10)).append('.');
        for (int k = 0; k < 13; k++) {
            s.append(random.nextInt(10));
        }
        s.append('5').append('e').append(random.nextInt(-30, 40));
        return neighbour(Double.parseDouble(s.toString()));
    }

    private double special() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> LuaNumberFormat.X86_DEFAULT_NAN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.NEGATIVE_INFINITY;
            case 4 -> -0.0;
            case 5 -> 0.0;
            default -> LIMITS[random.nextInt(LIMITS.length)];
        };
    }

    /** A number for a format conversion. */
    private double formatNumber() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> random.nextInt(-1000, 1000);
            case 2 -> random.nextLong();
            case 3 -> random.nextInt(-100000, 100000) / 8.0; // exact halves and eighths: ties
            case 4 -> random.nextInt(-100000, 100000) / 1000.0;
            case 5 -> special();
            case 6 -> LIMITS[random.nextInt(LIMITS.length)] + random.nextInt(-2, 3) * random.nextInt(2);
            default -> nextDouble(random.nextInt(10));
        };
    }

    /** A {@code string.format} call: the format ({@code byte[]}) then the values. */
    List<Object> nextFormatCall() {
        List<Object> call = new ArrayList<>();
        call.add(null);
        ByteArrayOutputStream fmt = new ByteArrayOutputStream();
        int specs = random.nextInt(10) == 0 ? random.nextInt(2, 4) : 1;
        for (int k = 0; k < specs; k++) {
            if (random.nextInt(4) == 0) {
                fmt.writeBytes(randomBytes(random.nextInt(4)));
            }
            if (random.nextInt(20) == 0) {
                fmt.writeBytes("%%".getBytes(StandardCharsets.ISO_8859_1));
            }
            char conversion = conversion();
            fmt.writeBytes(spec(conversion).getBytes(StandardCharsets.ISO_8859_1));
            if (random.nextInt(40) != 0) { // sometimes missing: no value
                call.add(value(conversion));
            }
        }
        if (random.nextInt(4) == 0) {
            fmt.writeBytes(randomBytes(random.nextInt(3)));
        }
        call.set(0, fmt.toByteArray());
        return call;
    }

    private char conversion() {
        int r = random.nextInt(100);
        if (r == 0) {
            return (char) random.nextInt(256);
        }
        if (r < 3) {
            return INVALID_CONVERSIONS.charAt(random.nextInt(INVALID_CONVERSIONS.length()));
        }
        return CONVERSIONS.charAt(random.nextInt(CONVERSIONS.length()));
    }

    private String spec(char conversion) {
        StringBuilder s = new StringBuilder("%");
        int flags = random.nextInt(50) == 0 ? random.nextInt(5, 8) : random.nextInt(4);
        for (int k = 0; k < flags; k++) {
            s.append(FLAGS.charAt(random.nextInt(FLAGS.length())));
        }
        if (random.nextBoolean()) {
            s.append(number());
        }
        if (random.nextBoolean()) {
            s.append('.');
            if (random.nextInt(8) != 0) {
                s.append(number());
            }
        }
        return s.append(conversion).toString();
    }

    /** A width or precision: mostly small, sometimes two digits, rarely three (an error). */
    private String number() {
        int r = random.nextInt(100);
        if (r == 0) {
            return Integer.toString(random.nextInt(100, 1000));
        }
        if (r < 15) {
            return Integer.toString(random.nextInt(100));
        }
        if (r < 20) {
            return "0" + random.nextInt(10);
        }
        return Integer.toString(random.nextInt(21));
    }

    private Object value(char conversion) {
        int r = random.nextInt(100);
        if (r < 3) {
            return randomBytes(random.nextInt(4)); // usually not a number: a type error
        }
        if (conversion == 'q' || conversion == 's') {
            return r < 25 ? (Object) formatNumber() : randomBytes(random.nextInt(20) == 0 ? random.nextInt(95, 130) : random.nextInt(12));
        }
        if (r < 8) {
            return (" " + LuaNumberFormat.toLuaString(formatNumber()) + " ").getBytes(StandardCharsets.ISO_8859_1);
        }
        if (conversion == 'c' && r < 70) {
            return (double) random.nextInt(-10, 300);
        }
        return formatNumber();
    }

    /** Bytes biased towards what quoting and C's %s treat specially. */
    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        String special = "\0\n\r\"\\'\t\u007f0123456789%";
        for (int k = 0; k < n; k++) {
            int r = random.nextInt(4);
            b[k] = (byte) (r == 0 ? special.charAt(random.nextInt(special.length()))
                    : r == 1 ? random.nextInt(256) : random.nextInt(32, 127));
        }
        return b;
    }

    /** A numeral for {@code tonumber(s)}: usually well formed, often with a flaw. */
    byte[] nextNumeral() {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(10) == 0) {
            String[] odd = {"", ".", "e1", "0x", "0X", "1e", "1e+", "0x1p", "0x.p1", "0x.", "inf", "-inf", "nan", "NaN",
                "infinity", "1e1e1", "0x1p1p1", "- 1", "+-1", "--1", "0x-1", "1..2", "1 2", "0b101", "1f", "1d", "0xg",
                "1e400", "-1e400", "1e-400", "0x1p-1075", "0x1p-1074", "0x1.fffffffffffff8p1023", "1_000", "\u00a01"};
            s.append(odd[random.nextInt(odd.length)]);
        } else {
            s.append(spaces());
            int sign = random.nextInt(4);
            s.append(sign == 0 ? "-" : sign == 1 ? "+" : "");
            if (random.nextInt(3) == 0) {
                s.append(random.nextBoolean() ? "0x" : "0X").append(digits(16, random.nextInt(0, 20)));
                if (random.nextInt(3) == 0) {
                    s.append('.').append(digits(16, random.nextInt(0, 20)));
                }
                if (random.nextInt(3) == 0) {
                    s.append(random.nextBoolean() ? 'p' : 'P').append(exponent(1100));
                }
            } else {
                s.append(digits(10, random.nextInt(0, 25)));
                if (random.nextInt(2) == 0) {
                    s.append('.').append(digits(10, random.nextInt(0, 25)));
                }
                if (random.nextInt(3) == 0) {
                    s.append(random.nextBoolean() ? 'e' : 'E').append(exponent(340));
                }
            }
            s.append(spaces());
        }
        byte[] b = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        return random.nextInt(10) == 0 ? mutate(b) : b;
    }

    private String exponent(int range) {
        int sign = random.nextInt(3);
        String digits = random.nextInt(15) == 0 ? "" : Integer.toString(random.nextInt(range));
        return (sign == 0 ? "-" : sign == 1 ? "+" : "") + digits;
    }

    private String spaces() {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(4) == 0 ? random.nextInt(1, 3) : 0;
        for (int k = 0; k < n; k++) {
            s.append(SPACES.charAt(random.nextInt(SPACES.length())));
        }
        return s.toString();
    }

    private String digits(int base, int n) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            char c = Character.forDigit(random.nextInt(base), base);
            s.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }

    /** One byte inserted or replaced, from those a numeral parser could mistake. */
    private byte[] mutate(byte[] b) {
        String tricky = "\0 .eEpPxXnN+-_09aFgz\u00ff";
        byte c = (byte) tricky.charAt(random.nextInt(tricky.length()));
        int at = random.nextInt(b.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.write(c);
        boolean replace = at < b.length && random.nextBoolean();
        out.write(b, replace ? at + 1 : at, b.length - (replace ? at + 1 : at));
        return out.toByteArray();
    }

    int nextBase() {
        return random.nextInt(3) == 0 ? new int[] {2, 8, 10, 16, 36}[random.nextInt(5)] : random.nextInt(2, 37);
    }

    /** A numeral for {@code tonumber(s, base)}: digits of the base, sometimes one too high. */
    byte[] nextBaseNumeral(int base) {
        StringBuilder s = new StringBuilder(spaces());
        int sign = random.nextInt(5);
        s.append(sign == 0 ? "-" : sign == 1 ? "+" : "");
        int n = random.nextInt(10) == 0 ? random.nextInt(20, 70) : random.nextInt(0, 12);
        s.append(digits(base, n));
        if (random.nextInt(15) == 0) {
            s.insert(random.nextInt(s.length() + 1), Character.forDigit(Math.min(base, 35), 36));
        }
        s.append(spaces());
        byte[] b = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        return random.nextInt(15) == 0 ? mutate(b) : b;
    }

    /** How the driver reads a double back exactly: a hex float numeral, or inf/nan by name. */
    static String token(double d) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toHexString(d);
    }

    /** A Lua expression for a double: a hex float, or the operation making the NaN or infinity. */
    static String luaExpression(double d) {
        return switch (token(d)) {
            case "nan" -> "-(0/0)";
            case "-nan" -> "(0/0)";
            case "inf" -> "1/0";
            case "-inf" -> "-1/0";
            default -> token(d);
        };
    }

    /** A Lua string literal for bytes that is safe inside a shell's single quotes. */
    static String luaString(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 32 && c < 127 && c != '"' && c != '\\' && c != '\'') {
                s.append((char) c);
            } else {
                s.append(String.format("\\%03d", c));
            }
        }
        return s.append('"').toString();
    }
}
