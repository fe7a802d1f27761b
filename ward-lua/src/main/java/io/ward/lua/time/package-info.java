/**
 * The value side of the {@code ward.time} Lua module: durations, wall-clock TimePoints,
 * monotonic InstantPoints, parsing and formatting. Everything here is an immutable value or a
 * stateless function, safe to share between runtimes; the timers (sleep, after, interval,
 * timeout, sleep_blocking) live with the runtime and add themselves to the same module table.
 *
 * <p>Entry points for the module assembly and the timers:
 * <ul>
 * <li>{@link io.ward.lua.time.ClockFunctions#install(org.luaj.vm2.LuaTable)} puts {@code duration
 *     now now_table parse_rfc3339 parse_rfc2822 parse from_timestamp utc instant_now} into the
 *     module table.</li>
 * <li>{@link io.ward.lua.time.Durations#check(org.luaj.vm2.LuaValue)} and
 *     {@link io.ward.lua.time.Durations#checkNonNegative(org.luaj.vm2.LuaValue)} convert a duration
 *     argument to nanoseconds with the spec's error messages;
 *     {@link io.ward.lua.time.Durations#wrap(long)} makes a Duration userdata.</li>
 * </ul>
 *
 * <p>Choices where the spec is silent (details in each class):
 * <ul>
 * <li>Durations are signed nanoseconds within ±(2^63 - 1); overflow raises {@code duration
 *     overflow}. Decimal strings truncate toward zero to nanoseconds. {@code millis()} and
 *     {@code micros()} truncate toward zero. {@code tostring} prints exact milliseconds,
 *     {@code Duration(0.5ms)} below a millisecond.</li>
 * <li>Duration argument errors are the spec's words alone (no {@code bad argument} prefix);
 *     every other argument error reads like Lua's, {@code bad argument #1 to 'utc' (number
 *     expected, got nil)}, with the receiver of a method counted as argument #1.</li>
 * <li>TimePoints cover years -999999999 to 999999999 ({@code time out of range} outside);
 *     {@code timestamp()/millis()/micros()} are whole numbers, floored. {@code parts()} and
 *     {@code now_table()} return the fields of {@code os.date("!*t")} plus {@code nsec}.</li>
 * <li>Parsers return {@code nil} for anything invalid, including leap seconds; {@code utc}
 *     raises an argument error for out-of-range fields instead of normalising them.</li>
 * <li>{@code getmetatable} on a Duration, TimePoint or InstantPoint returns its type name: the
 *     metatables are shared by every runtime in the JVM and must not be reachable.</li>
 * </ul>
 */
package io.ward.lua.time;
