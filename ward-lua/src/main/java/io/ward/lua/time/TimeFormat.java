package io.ward.lua.time;

import io.ward.core.time.TimeValueException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;

/**
 * Text forms of a {@link TimePoint}: RFC 3339, ISO date and time, and strftime-style
 * formatting; stateless and thread-safe.
 *
 * <p>All output is UTC with English names. Directives of {@link #format}:
 * <pre>
 *   %Y year, at least 4 digits ({@code +}/{@code -} sign outside 0..9999)   %C century   %y year % 100
 *   %G ISO week-based year   %g its last two digits   %V ISO week number 01-53
 *   %m month 01-12   %d day 01-31   %e day, space-padded   %j day of year 001-366
 *   %H hour 00-23   %k hour, space-padded   %I hour 01-12   %l hour 01-12, space-padded
 *   %M minute   %S second   %p AM/PM   %P am/pm
 *   %f nanoseconds, 9 digits   %3f %6f %9f the first 3, 6 or 9 digits of the fraction
 *   %.f fraction with a leading dot, 3, 6 or 9 digits as needed, empty when zero
 *   %.3f %.6f %.9f fraction with a leading dot, fixed digits
 *   %a Mon   %A Monday   %b %h Jan   %B January
 *   %u weekday 1-7 (Monday = 1)   %w weekday 0-6 (Sunday = 0)
 *   %U week of year 00-53 (weeks start on Sunday)   %W week of year 00-53 (weeks start on Monday)
 *   %s seconds since the epoch   %Z UTC   %z +0000   %:z +00:00
 *   %D %x = %m/%d/%y   %F = %Y-%m-%d   %T %X = %H:%M:%S   %R = %H:%M   %r = %I:%M:%S %p
 *   %c = %a %b %e %H:%M:%S %Y   %n newline   %t tab   %% percent
 * </pre>
 * A flag between {@code %} and a letter changes the padding of numeric directives:
 * {@code -} none, {@code _} spaces, {@code 0} zeros ({@code %-d} gives {@code 5}). Any other
 * directive, and a lone trailing {@code %}, is rejected with {@code invalid conversion specifier
 * '%Q'}. Bytes outside directives are copied unchanged, so any text encoding passes through.
 */
public final class TimeFormat {
    private static final String[] DAYS = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS = {
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"};

    private TimeFormat() {
    }

    /** {@code 2024-01-02T03:04:05Z}, with {@code .fff}, {@code .ffffff} or {@code .fffffffff} when the fraction is not zero. */
    public static String rfc3339(LocalDateTime t) {
        return isoDate(t) + "T" + isoTime(t) + autoFraction(t.getNano()) + "Z";
    }

    /** {@code 2024-01-02}. */
    public static String isoDate(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(10);
        appendYear(sb, t.getYear(), '\0');
        sb.append('-');
        pad(sb, t.getMonthValue(), 2, '0');
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2, '0');
        return sb.toString();
    }

    /** {@code 03:04:05} (no fraction). */
    public static String isoTime(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(8);
        pad(sb, t.getHour(), 2, '0');
        sb.append(':');
        pad(sb, t.getMinute(), 2, '0');
        sb.append(':');
        pad(sb, t.getSecond(), 2, '0');
        return sb.toString();
    }

    /** strftime-style formatting of a Java string; see the class comment. */
    public static String format(TimePoint tp, String fmt) {
        byte[] bytes = fmt.getBytes(StandardCharsets.UTF_8);
        return new String(format(tp, bytes, 0, bytes.length), StandardCharsets.UTF_8);
    }

    /**
     * strftime-style formatting of raw bytes (a Lua string); see the class comment.
     *
     * @throws TimeValueException {@code invalid conversion specifier '%Q'}
     */
    public static byte[] format(TimePoint tp, byte[] fmt, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        try {
            formatInto(out, tp, tp.utc(), fmt, offset, offset + length);
        } catch (DateTimeException | ArithmeticException e) {
            throw new TimeValueException(TimePoint.OUT_OF_RANGE); // only conceivable at the extreme years
        }
        return out.toByteArray();
    }

    private static void formatInto(ByteArrayOutputStream out, TimePoint tp, LocalDateTime t,
                                   byte[] f, int i, int end) {
        while (i < end) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            int specStart = i - 1;
            if (i == end) {
                throw invalid(f, specStart, i);
            }
            char flag = 0;
            byte d = f[i++];
            if (d == '-' || d == '_' || d == '0') {
                if (i == end) {
                    throw invalid(f, specStart, i);
                }
                flag = (char) d;
                d = f[i++];
            }
            String text;
            if (d == '.' || d == ':' || (d >= '1' && d <= '9')) {
                // %.f %.3f %3f %:z: longer directives, no padding flags.
                if (flag != 0) {
                    throw invalid(f, specStart, i);
                }
                int digits = -1;
                if (d == '.' && i < end && (f[i] == '3' || f[i] == '6' || f[i] == '9')) {
                    digits = f[i++] - '0';
                }
                if (i == end) {
                    throw invalid(f, specStart, i);
                }
                byte last = f[i++];
                text = longDirective(d, digits, last, t.getNano());
                if (text == null) {
                    throw invalid(f, specStart, i);
                }
            } else {
                text = directive((char) d, flag, tp, t, out);
                if (text == null) {
                    throw invalid(f, specStart, i);
                }
            }
            writeAscii(out, text);
        }
    }

    /** {@code %.f}, {@code %.Nf}, {@code %Nf} or {@code %:z}; {@code null} if none of them. */
    private static String longDirective(byte first, int dotDigits, byte last, int nano) {
        if (first == ':') {
            return last == 'z' ? "+00:00" : null;
        }
        if (last != 'f') {
            return null;
        }
        if (first == '.') {
            return dotDigits < 0 ? autoFraction(nano) : "." + fraction(nano, dotDigits);
        }
        int digits = first - '0';
        return digits == 3 || digits == 6 || digits == 9 ? fraction(nano, digits) : null;
    }

    /** The text of a one-letter directive, {@code null} if unknown; composites write directly and return "". */
    private static String directive(char d, char flag, TimePoint tp, LocalDateTime t, ByteArrayOutputStream out) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        int sundayBased = t.getDayOfWeek().getValue() % 7; // Sunday = 0
        int yday0 = t.getDayOfYear() - 1;
        switch (d) {
            case 'Y':
                return year(t.getYear(), flag);
            case 'C':
                return number(Math.floorDiv(t.getYear(), 100), 2, '0', flag);
            case 'y':
                return number(Math.floorMod(t.getYear(), 100), 2, '0', flag);
            case 'G':
                return year(t.getLong(IsoFields.WEEK_BASED_YEAR), flag);
            case 'g':
                return number(Math.floorMod(t.getLong(IsoFields.WEEK_BASED_YEAR), 100), 2, '0', flag);
            case 'V':
                return number(t.getLong(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0', flag);
            case 'm':
                return number(t.getMonthValue(), 2, '0', flag);
            case 'd':
                return number(t.getDayOfMonth(), 2, '0', flag);
            case 'e':
                return number(t.getDayOfMonth(), 2, ' ', flag);
            case 'j':
                return number(t.getDayOfYear(), 3, '0', flag);
            case 'H':
                return number(t.getHour(), 2, '0', flag);
            case 'k':
                return number(t.getHour(), 2, ' ', flag);
            case 'I':
                return number(hour12, 2, '0', flag);
            case 'l':
                return number(hour12, 2, ' ', flag);
            case 'M':
                return number(t.getMinute(), 2, '0', flag);
            case 'S':
                return number(t.getSecond(), 2, '0', flag);
            case 'f':
                return fraction(t.getNano(), 9);
            case 'p':
                return t.getHour() < 12 ? "AM" : "PM";
            case 'P':
                return t.getHour() < 12 ? "am" : "pm";
            case 'a':
                return DAYS[t.getDayOfWeek().getValue() - 1].substring(0, 3);
            case 'A':
                return DAYS[t.getDayOfWeek().getValue() - 1];
            case 'b':
            case 'h':
                return MONTHS[t.getMonthValue() - 1].substring(0, 3);
            case 'B':
                return MONTHS[t.getMonthValue() - 1];
            case 'u':
                return number(t.getDayOfWeek().getValue(), 1, '0', flag);
            case 'w':
                return number(sundayBased, 1, '0', flag);
            case 'U':
                return number((yday0 + 7 - sundayBased) / 7, 2, '0', flag);
            case 'W':
                return number((yday0 + 7 - (sundayBased + 6) % 7) / 7, 2, '0', flag);
            case 's':
                return number(tp.epochSecond(), 1, '0', flag);
            case 'Z':
                return "UTC";
            case 'z':
                return "+0000";
            case 'n':
                return "\n";
            case 't':
                return "\t";
            case '%':
                return "%";
            case 'D':
            case 'x':
                return composite("%m/%d/%y", tp, t, out);
            case 'F':
                return composite("%Y-%m-%d", tp, t, out);
            case 'T':
            case 'X':
                return composite("%H:%M:%S", tp, t, out);
            case 'R':
                return composite("%H:%M", tp, t, out);
            case 'r':
                return composite("%I:%M:%S %p", tp, t, out);
            case 'c':
                return composite("%a %b %e %H:%M:%S %Y", tp, t, out);
            default:
                return null;
        }
    }

    private static String composite(String fmt, TimePoint tp, LocalDateTime t, ByteArrayOutputStream out) {
        byte[] f = fmt.getBytes(StandardCharsets.US_ASCII);
        formatInto(out, tp, t, f, 0, f.length);
        return "";
    }

    /** The first {@code digits} digits of the 9-digit nanosecond fraction. */
    private static String fraction(int nano, int digits) {
        StringBuilder sb = new StringBuilder(9);
        pad(sb, nano, 9, '0');
        return sb.substring(0, digits);
    }

    /** Empty for a whole second, else a dot and 3, 6 or 9 digits, as few as are exact. */
    private static String autoFraction(int nano) {
        if (nano == 0) {
            return "";
        }
        int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        return "." + fraction(nano, digits);
    }

    private static String year(long year, char flag) {
        StringBuilder sb = new StringBuilder(11);
        appendYear(sb, year, flag);
        return sb.toString();
    }

    /** Four digits for 0..9999, else a sign and at least four digits (ISO 8601 expanded years). */
    private static void appendYear(StringBuilder sb, long year, char flag) {
        if (flag == '-' || flag == '_') {
            if (flag == '_' && year >= 0 && year < 1000) {
                pad(sb, year, 4, ' ');
            } else {
                sb.append(year);
            }
            return;
        }
        if (year < 0) {
            sb.append('-');
        } else if (year > 9999) {
            sb.append('+');
        }
        pad(sb, Math.abs(year), 4, '0');
    }

    private static String number(long value, int width, char defaultPad, char flag) {
        StringBuilder sb = new StringBuilder(width + 1);
        if (value < 0) {
            sb.append('-');
            value = -value;
            width--;
        }
        char padChar = flag == '_' ? ' ' : flag == '0' ? '0' : defaultPad;
        pad(sb, value, flag == '-' ? 1 : width, padChar);
        return sb.toString();
    }

    private static void pad(StringBuilder sb, long value, int width, char padChar) {
        String digits = Long.toString(value);
        for (int k = digits.length(); k < width; k++) {
            sb.append(padChar);
        }
        sb.append(digits);
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        for (int k = 0; k < text.length(); k++) {
            out.write(text.charAt(k));
        }
    }

    private static TimeValueException invalid(byte[] f, int from, int to) {
        return new TimeValueException("invalid conversion specifier '"
                + new String(f, from, to - from, StandardCharsets.UTF_8) + "'");
    }
}
