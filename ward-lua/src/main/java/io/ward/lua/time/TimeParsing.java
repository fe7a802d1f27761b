package io.ward.lua.time;

import io.ward.core.time.TimeValueException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers from text to {@link TimePoint}; stateless and thread-safe. Each returns {@code null}
 * when the text is not a valid time in its format, never throws.
 *
 * <p>All of them ignore surrounding whitespace. Leap seconds ({@code :60}) cannot be
 * represented and give {@code null}.
 * <ul>
 * <li>RFC 3339: {@code 2024-01-02T03:04:05Z}, {@code 2024-01-02t03:04:05.5+02:00}; {@code T}
 *     may be lower case or a space, any number of fraction digits (truncated to nanoseconds),
 *     offsets up to {@code ±23:59}.</li>
 * <li>RFC 2822 (with the obsolete forms of RFC 5322): {@code Tue, 1 Jul 2003 10:52:37 +0200};
 *     optional day name (it must match the date), optional seconds, 2-digit years (00-49 are
 *     20xx, 50-99 19xx), zones {@code +hhmm}, {@code UT}, {@code GMT}, US zones ({@code EST}
 *     ... {@code PDT}) and military letters (read as UTC, as RFC 5322 advises), an optional
 *     trailing comment such as {@code (UTC)}. Names are case-insensitive.</li>
 * <li>{@link #parse}: RFC 3339, then RFC 2822, then {@code %Y-%m-%d[ %H:%M[:%S[.fraction]]]} or
 *     the same with {@code /} between the date fields, read as UTC. Month, day and time fields
 *     may have one or two digits; the date and time may also be separated by {@code T}.</li>
 * </ul>
 */
public final class TimeParsing {
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?"
                    + "(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final Pattern RFC2822 = Pattern.compile(
            "(?:([A-Za-z]{3})\\s*,\\s*)?(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{2,4})\\s+"
                    + "(\\d{2}):(\\d{2})(?::(\\d{2}))?\\s+([+-]\\d{4}|[A-Za-z]{1,3})(?:\\s*\\([^()]*\\))?");
    private static final Pattern SIMPLE = Pattern.compile(
            "(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})"
                    + "(?:(?:\\s+|[Tt])(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?");
    private static final String MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec";
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private TimeParsing() {
    }

    /** RFC 3339, or {@code null}. */
    public static TimePoint rfc3339(String text) {
        Matcher m = RFC3339.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        int offset = 0;
        if (m.group(8) != null) {
            int hours = Integer.parseInt(m.group(9));
            int minutes = Integer.parseInt(m.group(10));
            if (hours > 23 || minutes > 59) {
                return null;
            }
            offset = (hours * 3600 + minutes * 60) * (m.group(8).equals("-") ? -1 : 1);
        }
        return build(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                nanos(m.group(7)), offset);
    }

    /** RFC 2822, or {@code null}. */
    public static TimePoint rfc2822(String text) {
        Matcher m = RFC2822.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(3).toLowerCase(Locale.ROOT));
        Integer offset = zoneOffsetSeconds(m.group(8));
        if (month < 0 || month % 4 != 0 || offset == null) {
            return null;
        }
        String yearText = m.group(4);
        int year = Integer.parseInt(yearText);
        if (yearText.length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (yearText.length() == 3) {
            year += 1900;
        }
        TimePoint tp = build(year, month / 4 + 1, Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                m.group(7) == null ? 0 : Integer.parseInt(m.group(7)), 0, offset);
        if (tp != null && m.group(1) != null) {
            // The day name refers to the local date as written, before the zone is applied.
            LocalDateTime local = tp.utc().plusSeconds(offset);
            if (!DAYS[local.getDayOfWeek().getValue() - 1].equals(m.group(1).toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return tp;
    }

    /** RFC 3339, RFC 2822, then the simple date forms in UTC; {@code null} if none matches. */
    public static TimePoint parse(String text) {
        TimePoint tp = rfc3339(text);
        if (tp == null) {
            tp = rfc2822(text);
        }
        if (tp == null) {
            tp = simple(text);
        }
        return tp;
    }

    private static TimePoint simple(String text) {
        Matcher m = SIMPLE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return build(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                m.group(7) == null ? 0 : Integer.parseInt(m.group(7)),
                nanos(m.group(8)), 0);
    }

    /** Offset east of UTC in seconds, or {@code null} for an unknown zone. */
    private static Integer zoneOffsetSeconds(String zone) {
        if (zone.charAt(0) == '+' || zone.charAt(0) == '-') {
            int hours = Integer.parseInt(zone.substring(1, 3));
            int minutes = Integer.parseInt(zone.substring(3, 5));
            if (hours > 23 || minutes > 59) {
                return null;
            }
            return (hours * 3600 + minutes * 60) * (zone.charAt(0) == '-' ? -1 : 1);
        }
        switch (zone.toUpperCase(Locale.ROOT)) {
            case "UT":
            case "GMT":
                return 0;
            case "EDT":
                return -4 * 3600;
            case "EST":
            case "CDT":
                return -5 * 3600;
            case "CST":
            case "MDT":
                return -6 * 3600;
            case "MST":
            case "PDT":
                return -7 * 3600;
            case "PST":
                return -8 * 3600;
            default:
                // Military zones: one letter other than J; their signs were historically botched.
                char c = Character.toUpperCase(zone.charAt(0));
                return zone.length() == 1 && c != 'J' ? 0 : null;
        }
    }

    /** Fraction digits to nanoseconds, extra digits truncated. */
    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : (fraction + "000000000").substring(0, 9);
        return Integer.parseInt(nine);
    }

    private static TimePoint build(int year, int month, int day, int hour, int minute, int second,
                                   int nano, int offsetSeconds) {
        try {
            long local = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return TimePoint.ofEpochSecond(local - offsetSeconds, nano);
        } catch (DateTimeException | TimeValueException e) {
            return null;
        }
    }
}
