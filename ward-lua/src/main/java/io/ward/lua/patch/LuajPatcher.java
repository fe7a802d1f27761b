package io.ward.lua.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Build-time patcher: rewrites a few method bodies of LuaJ's core classes so that numbers
 * print and parse, strings compare, {@code #} finds a border, and operand errors read
 * ({@link LuajErrorHooks}) as in Lua 5.2, and writes the patched classes into ward-lua's
 * {@code target/classes} (the {@code process-classes} phase runs {@link #main}). Each patched
 * body only calls Ward code ({@link LuajHooks}, {@code org.luaj.vm2.WardTables},
 * {@code io.ward.lua.lang}); {@link #PATCHES} is
 * the whole table, mirrored in docs/LUA.md. Every patched class gets the marker
 * {@link LuajPatchCheck#MARKER_FIELD} that the run-time check looks for.
 *
 * <p>Fails (and so fails the build) when a method to patch, or a member a new body uses, is
 * not in the LuaJ jar exactly as expected: a LuaJ upgrade must be looked at, not patched
 * blindly. Needs ASM, which is a provided dependency: this class is left out of ward-lua's
 * jar and never loaded at run time.
 *
 * <p>Over 400 lines on purpose: every patch and its bytecode in one place, as docs/LUA.md's
 * table promises, so a LuaJ upgrade is reviewed in one file.
 */
public final class LuajPatcher {
    private static final String DOUBLE = "org/luaj/vm2/LuaDouble";
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";
    private static final String STRING = "org/luaj/vm2/LuaString";
    private static final String VALUE = "org/luaj/vm2/LuaValue";
    private static final String NUMBER = "org/luaj/vm2/LuaNumber";
    private static final String TABLE = "org/luaj/vm2/LuaTable";
    private static final String LEX = "org/luaj/vm2/compiler/LexState";
    private static final String SEMINFO = "org/luaj/vm2/compiler/LexState$SemInfo";
    private static final String FUNCSTATE = "org/luaj/vm2/compiler/FuncState";
    private static final String LHS = "org/luaj/vm2/compiler/LexState$LHS_assign";
    private static final String TOKEN = "org/luaj/vm2/compiler/LexState$Token";
    private static final String PROTOTYPE = "org/luaj/vm2/Prototype";
    private static final String COMPILE_STATE = "org/luaj/vm2/compiler/LuaC$CompileState";
    /** Lua 5.2's {@code LUAI_MAXCCALLS}, the parser's nesting limit. */
    private static final int MAX_C_LEVELS = 200;
    /** Lua 5.2's {@code MAXVARS}, the local variables of one function. */
    private static final int MAX_LOCALS = 200;
    private static final String HOOKS = "io/ward/lua/patch/LuajHooks";
    private static final String FORMAT = "io/ward/lua/lang/LuaNumberFormat";
    private static final String PARSER = "io/ward/lua/lang/LuaNumberParser";
    private static final String STRINGS = "io/ward/lua/lang/LuaStrings";
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String LUA_ERROR = "org/luaj/vm2/LuaError";
    private static final String ERRORS = "io/ward/lua/patch/LuajErrorHooks";
    private static final String LEXER = "io/ward/lua/patch/LuajLexer";
    private static final String ACCESS = "io/ward/lua/patch/LexerAccess";

    /**
     * One row of the table: a method of a LuaJ class, what it now does and why, the tests that
     * fail without it, and its new body (the original code is dropped).
     */
    public record Patch(String owner, String method, String descriptor, String does, String why, String test,
                        BiConsumer<MethodVisitor, ClassFacts> body) {
        /** {@code owner.method descriptor} as in a class file. */
        public String key() {
            return owner + "." + method + descriptor;
        }
    }

    /** What the patcher read from the class being patched that a new body needs. */
    public record ClassFacts(Map<String, Object> constants) {
        /** The value of a static final constant field of the class, which must exist. */
        <T> T constant(String field, Class<T> type) {
            Object v = constants.get(field);
            if (!type.isInstance(v)) {
                throw new IllegalStateException("LuaJ patch failed: constant " + field + " is " + v
                        + ". The LuaJ version changed: review LuajPatcher's table (docs/LUA.md, \"LuaJ patches\").");
            }
            return type.cast(v);
        }
    }

    /** The patch table. */
    public static final List<Patch> PATCHES = List.of(
            replace(DOUBLE, "tojstring", "()Ljava/lang/String;",
                    "LuaNumberFormat.toLuaString(v): C's %.14g, -0, inf, -inf, nan, -nan",
                    "LuaJ printed Float.toString of the value (0.33333334, 1.2345679E8, Infinity) and whole"
                            + " doubles as longs (2^53 in full); every number-to-text path (tostring, print, ..,"
                            + " string.format %s, table.concat, string functions on numbers) goes through it",
                    "LuajPatchesTest; base_numbers.lua; WardReferenceDifferentialTest",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FORMAT, "toLuaString", "(D)Ljava/lang/String;", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            replace(DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;",
                    "a LuaInteger only when LuajHooks.fitsLuaInteger (a whole int that is not -0), else a LuaDouble",
                    "LuaJ turned -0.0 into the integer 0, so -0.0, 0/-1 and math.floor(-0.0) printed 0 (Lua: -0)",
                    "LuajPatchesTest; base_numbers.lua (negative zero)",
                    (mv, f) -> {
                        Label dbl = new Label();
                        mv.visitVarInsn(Opcodes.DLOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "fitsLuaInteger", "(D)Z", false);
                        mv.visitJumpInsn(Opcodes.IFEQ, dbl);
                        mv.visitVarInsn(Opcodes.DLOAD, 0);
                        mv.visitInsn(Opcodes.D2I);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(I)L" + INTEGER + ";", false);
                        mv.visitInsn(Opcodes.ARETURN);
                        mv.visitLabel(dbl);
                        mv.visitTypeInsn(Opcodes.NEW, DOUBLE);
                        mv.visitInsn(Opcodes.DUP);
                        mv.visitVarInsn(Opcodes.DLOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, DOUBLE, "<init>", "(D)V", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            replace(TABLE, "rawlen", "()I",
                    "WardTables.border(this): Lua 5.2's luaH_getn (a binary search in the array part when its"
                            + " last slot is nil, else upwards through the hash part)",
                    "LuaJ searched upwards from the array part's end whatever that slot held, then halved:"
                            + " #{1, 2, nil, 4} was 2 (Lua 5.2: 4), so table.insert, table.unpack and # loops"
                            + " over tables with holes went elsewhere",
                    "LuajPatchesTest; LibrariesDifferentialTest (border)",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/WardTables", "border", "(L" + TABLE + ";)I",
                                false);
                        mv.visitInsn(Opcodes.IRETURN);
                    }),
            replace(TABLE, "defaultEntry", "(L" + VALUE + ";L" + VALUE + ";)L" + TABLE + "$Entry;",
                    "an IntKeyEntry for an int key, else a NormalEntry holding the value as given",
                    "LuaJ kept a number under a non-integer key as a double (NumberValueEntry): every read"
                            + " boxed it again (b.x in a loop allocated), and assigning a string then coerced it"
                            + " (t = {x = 1.5}; t.x = '10' made t.x the number 10)",
                    "LuajPatchesTest; table_values.lua",
                    (mv, f) -> {
                        Label other = new Label();
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "isinttype", "()Z", false);
                        mv.visitJumpInsn(Opcodes.IFEQ, other);
                        mv.visitTypeInsn(Opcodes.NEW, TABLE + "$IntKeyEntry");
                        mv.visitInsn(Opcodes.DUP);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toint", "()I", false);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, TABLE + "$IntKeyEntry", "<init>", "(IL" + VALUE + ";)V",
                                false);
                        mv.visitInsn(Opcodes.ARETURN);
                        mv.visitLabel(other);
                        mv.visitTypeInsn(Opcodes.NEW, TABLE + "$NormalEntry");
                        mv.visitInsn(Opcodes.DUP);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, TABLE + "$NormalEntry", "<init>",
                                "(L" + VALUE + ";L" + VALUE + ";)V", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            replace(DOUBLE, "ddiv", "(DD)Lorg/luaj/vm2/LuaValue;",
                    "LuaDouble.valueOf(LuajHooks.divide(a, b)): the IEEE quotient, x86's NaN for 0/0",
                    "LuaJ special-cased a zero divisor: 1/-0 gave inf (Lua: -inf), NaN/0 gave -inf, and 0/0 was"
                            + " Double.NaN, whose clear sign bit prints nan (Lua on x86-64: -nan)",
                    "LuajPatchesTest; base_numbers.lua (negative zero, NaN)",
                    (mv, f) -> binary(mv, "divide", true)),
            replace(DOUBLE, "dmod", "(DD)Lorg/luaj/vm2/LuaValue;",
                    "LuaDouble.valueOf(LuajHooks.modulo(a, b)): a - floor(a/b)*b, x86's NaN",
                    "LuaJ returned Double.NaN for any x % 0: 0 % 0 printed nan (Lua on x86-64: -nan), and a"
                            + " NaN operand lost its sign",
                    "LuajPatchesTest; base_numbers.lua (NaN)",
                    (mv, f) -> binary(mv, "modulo", true)),
            replace(INTEGER, "neg", "()Lorg/luaj/vm2/LuaValue;",
                    "LuajHooks.negate(v): -0 is a double",
                    "LuaJ negated in longs, so -0 (and the folded constant -0.0) printed 0 (Lua: -0)",
                    "LuajPatchesTest; base_numbers.lua (negative zero)",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "negate", "(I)L" + VALUE + ";", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            replace(INTEGER, "mul", "(I)Lorg/luaj/vm2/LuaValue;",
                    "LuajHooks.multiply(v, rhs): the product of doubles",
                    "LuaJ multiplied in longs, so 0 * -1 printed 0 (Lua: -0)",
                    "LuajPatchesTest; base_numbers.lua (negative zero)",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
                        mv.visitVarInsn(Opcodes.ILOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "multiply", "(II)L" + VALUE + ";", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            replace(STRING, "scannumber", "()D",
                    "LuaNumberParser.parse(m_bytes, m_offset, m_length): Lua 5.2's luaO_str2d, NaN when not a number",
                    "LuaJ trimmed only spaces, rejected signs before hex (\" -0xa \" + 1), hex fractions and"
                            + " exponents (0x1p4), and used Java's parser; every string-to-number path (arithmetic"
                            + " and for-loop coercion, tonumber(s), string arguments to math functions) goes"
                            + " through it",
                    "LuajPatchesTest; base_numbers.lua; WardReferenceDifferentialTest",
                    (mv, f) -> {
                        stringBytes(mv);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PARSER, "parse", "([BII)D", false);
                        mv.visitInsn(Opcodes.DRETURN);
                    }),
            replace(STRING, "scannumber", "(I)D",
                    "LuajHooks.parseInBase(m_bytes, m_offset, m_length, base): Lua 5.2's tonumber(s, base)",
                    "LuaJ trimmed only spaces and accumulated in longs (long numerals differ from Lua's doubles)",
                    "LuajPatchesTest; base_numbers.lua (tonumber(s, base)); WardReferenceDifferentialTest",
                    (mv, f) -> {
                        stringBytes(mv);
                        mv.visitVarInsn(Opcodes.ILOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "parseInBase", "([BIII)D", false);
                        mv.visitInsn(Opcodes.DRETURN);
                    }),
            replace(STRING, "strcmp", "(L" + STRING + ";)I",
                    "LuaStrings.compare(m_bytes, m_offset, m_length, rhs's): unsigned bytes, a prefix first, as"
                            + " Lua 5.2's l_strcmp (strcoll in the C locale)",
                    "LuaJ compared SIGNED bytes, so \"\\xe1\" < \"a\" was true (Lua: false), disagreeing with"
                            + " table.sort's default order (unsigned); <, <=, >, >= on two strings (lt, lteq, gt,"
                            + " gteq, their _b forms and strcmp(LuaValue)) all go through it",
                    "LuajPatchesTest; base_compare.lua",
                    (mv, f) -> {
                        stringBytes(mv);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_bytes", "[B");
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_offset", "I");
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_length", "I");
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, STRINGS, "compare", "([BII[BII)I", false);
                        mv.visitInsn(Opcodes.IRETURN);
                    }),
            replace(LEX, "str2d", "(Ljava/lang/String;L" + SEMINFO + ";)Z",
                    "LuajHooks.parseNumeral(numeral); a malformed one raises the lexer's error with"
                            + " LuajHooks.malformedNumber's text, \"malformed number near '1e'\"",
                    "LuaJ's lexer used Java's Double.parseDouble: 1e or 3..4 in source threw a Java"
                            + " NumberFormatException, and hex numerals lost fractions and exponents",
                    "LuajPatchesTest; base_numbers.lua (numerals in source)",
                    (mv, f) -> {
                        Label ok = new Label();
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "parseNumeral", "(Ljava/lang/String;)D", false);
                        mv.visitVarInsn(Opcodes.DSTORE, 3);
                        mv.visitVarInsn(Opcodes.DLOAD, 3);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "isNaN", "(D)Z", false);
                        mv.visitJumpInsn(Opcodes.IFEQ, ok);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitLdcInsn("malformed number"); // lexerror adds "near '1e'" from the buffer
                        mv.visitLdcInsn(f.constant("TK_NUMBER", Integer.class));
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "lexerror", "(Ljava/lang/String;I)V", false);
                        mv.visitLabel(ok); // lexerror throws; the verifier does not know that
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitVarInsn(Opcodes.DLOAD, 3);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "valueOf", "(D)L" + NUMBER + ";", false);
                        mv.visitFieldInsn(Opcodes.PUTFIELD, SEMINFO, "r", "L" + VALUE + ";");
                        mv.visitInsn(Opcodes.ICONST_1);
                        mv.visitInsn(Opcodes.IRETURN);
                    }),
            replace(FUNCSTATE, "numberK", "(L" + VALUE + ";)I",
                    "addk(LuaValue.valueOf(r.todouble())): the patched valueOf, so a -0 constant stays -0",
                    "the compiler turned every whole double constant into an integer, so the folded constants"
                            + " -0.0 and 0*-1 printed 0 (Lua: -0)",
                    "LuajPatchesTest; base_numbers.lua (negative zero)",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "todouble", "()D", false);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "valueOf", "(D)L" + NUMBER + ";", false);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FUNCSTATE, "addk", "(L" + VALUE + ";)I", false);
                        mv.visitInsn(Opcodes.IRETURN);
                    }),
            replace(LEX, "read_string", "(IL" + SEMINFO + ";)V",
                    "seminfo.ts = LuajLexer.readString(this, del): Lua 5.2's escapes and escape errors",
                    "LuaJ took an unknown escape (\\g) as the letter, looped for ever on \\z at the end of a"
                            + " chunk, and worded escape errors its own way (hexadecimal digit expected 'x\uffff)",
                    "LuajPatchesTest; lexer_errors.lua",
                    (mv, f) -> {
                        checkTokens(f);
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ILOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, LEXER, "readString",
                                "(L" + ACCESS + ";I)L" + STRING + ";", false);
                        mv.visitFieldInsn(Opcodes.PUTFIELD, SEMINFO, "ts", "L" + STRING + ";");
                        mv.visitInsn(Opcodes.RETURN);
                    }),
            replace(LEX, "skipShebang", "()V",
                    "LuajLexer.skipFirstLine(this): a first line starting with # is skipped in files (@name) only",
                    "LuaJ skipped it in every chunk, so load('#=1') compiled (Lua 5.2: luaL_loadfile skips it,"
                            + " load does not)",
                    "LuajPatchesTest; lexer_errors.lua",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, LEXER, "skipFirstLine", "(L" + ACCESS + ";)V", false);
                        mv.visitInsn(Opcodes.RETURN);
                    }),
            replace(LEX, "lexerror", "(Ljava/lang/String;I)V",
                    "throw LuajLexer.error(this, msg, token): chunk:line: msg near 'token', as Lua 5.2",
                    "LuaJ never named the token (syntax error, '}' expected (to close '{' at line 1)) and said"
                            + " unexpected symbol 287 (\u011f)",
                    "LuajPatchesTest; lexer_errors.lua",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ILOAD, 2);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, LEXER, "error",
                                "(L" + ACCESS + ";Ljava/lang/String;I)Lorg/luaj/vm2/LuaError;", false);
                        mv.visitInsn(Opcodes.ATHROW);
                    }),
            replace(FUNCSTATE, "errorlimit", "(ILjava/lang/String;)V",
                    "throw LuajLexer.limitError(ls, f.linedefined, limit, what): too many C levels (limit is 200)"
                            + " in main function near ',', as Lua 5.2's errorlimit",
                    "LuaJ's body used FuncState.L, which is never set: every compiler limit (locals, upvalues, C"
                            + " levels) threw a Java NullPointerException",
                    "LuajPatchesTest; lexer_errors.lua",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, FUNCSTATE, "ls", "L" + LEX + ";");
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, FUNCSTATE, "f", "L" + PROTOTYPE + ";");
                        mv.visitFieldInsn(Opcodes.GETFIELD, PROTOTYPE, "linedefined", "I");
                        mv.visitVarInsn(Opcodes.ILOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, LEXER, "limitError",
                                "(L" + ACCESS + ";IILjava/lang/String;)Lorg/luaj/vm2/LuaError;", false);
                        mv.visitInsn(Opcodes.ATHROW);
                    }),
            // ---- error texts as Lua 5.2 words them (LuajErrorHooks; names: LUAJ_EDITS below) ----
            errorRow("indexerror", "()V", "indexError", "attempt to index a nil value",
                    "attempt to index ? (a nil value)", "local t = nil; return t.x"),
            replace(VALUE, "argerror", "(ILjava/lang/String;)L" + VALUE + ";",
                    "throw LuajErrorHooks.argError(i, msg): an ArgumentError, named as the caller called the"
                            + " function (bad argument #1 to 'tostring' (value expected))",
                    "LuaJ's functions (base, io, os, package) said bad argument #1: value, without the function",
                    "LuajPatchesTest; call_site_names.lua",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ILOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "argError",
                                "(ILjava/lang/String;)Lorg/luaj/vm2/LuaError;", false);
                        mv.visitInsn(Opcodes.ATHROW);
                    }),
            errorRow("argerror", "(Ljava/lang/String;)L" + VALUE + ";", "argTypeError",
                    "an ArgumentError whose index the caller finds among its arguments",
                    "bad argument: table expected, got number", "return select(2, pcall(next, 1))"),
            errorRow("typerror", "(Ljava/lang/String;)L" + VALUE + ";", "typeError",
                    "attempt to index a nil value when assigning into a non-table, table index is nil, else LuaJ's"
                            + " X expected, got Y",
                    "index expected, got nil", "local t = nil; t.x = 1"),
            errorRow("checkmetatag", "(L" + VALUE + ";Ljava/lang/String;)L" + VALUE + ";", "metatag",
                    "the handler, or attempt to call / get length of a nil value",
                    "attempt to call nil, attempt to get length of nil", "local f = nil; f()"),
            errorRow("aritherror", "()L" + VALUE + ";", "arithError", "attempt to perform arithmetic on a string value",
                    "attempt to perform arithmetic on string", "local s = 'abc'; return 1 + s"),
            errorRow("arithmt", "(L" + VALUE + ";L" + VALUE + ";)L" + VALUE + ";", "arith",
                    "the metamethod, or attempt to perform arithmetic on the first operand that is no number",
                    "attempt to perform arithmetic __add on nil and number", "local c = {}; return c.n + 1"),
            errorRow("arithmtwith", "(L" + VALUE + ";D)L" + VALUE + ";", "arithWith",
                    "the metamethod, or attempt to perform arithmetic on the second operand",
                    "attempt to perform arithmetic __add on number and nil", "local c = {}; return 1 + c.n"),
            errorRow("concatmt", "(L" + VALUE + ";)L" + VALUE + ";", "concat",
                    "the metamethod, or attempt to concatenate the first operand that is no string or number",
                    "attempt to concatenate nil and string", "local x; return x .. 'a'"),
            errorRow("comparemt", "(L" + VALUE + ";L" + VALUE + ";)L" + VALUE + ";", "compare",
                    "the metamethod, or attempt to compare two table values / X with Y",
                    "attempt to compare __lt on table and table", "return {} < {}"),
            // ---- metamethods with a number or string operand (LuajErrorHooks) ----
            stringArith("add", "ADD"), stringArith("sub", "SUB"), stringArith("mul", "MUL"),
            stringArith("div", "DIV"), stringArith("mod", "MOD"), stringArith("pow", "POW"),
            numberOrder("gt_b", "(I)Z", "lessThan", "1 < t"), numberOrder("gt_b", "(D)Z", "lessThan", "1.5 < t"),
            numberOrder("gteq_b", "(I)Z", "lessEqual", "1 <= t"),
            numberOrder("gteq_b", "(D)Z", "lessEqual", "1.5 <= t"),
            stringOrder("lt_b", "lessThan", "'a' < t"), stringOrder("lteq_b", "lessEqual", "'a' <= t"),
            // ---- chunk names: kept as given to load, shortened when printed (io.ward.lua.lang.ChunkId) ----
            replace(CLOSURE, "processErrorHooks", "(L" + LUA_ERROR + ";Lorg/luaj/vm2/Prototype;I)V",
                    "error.fileline = LuajHooks.fileline(p, pc): chunk:line with the chunk name as Lua 5.2's"
                            + " luaO_chunkid prints it (=x as x, @file as file, ...end of a long path, else"
                            + " [string \"first line...\"]); then error.traceback = errorHook(message, level) as before",
                    "LuaJ printed the chunk name as it is (@f.lua:1:), so Ward had to give chunks Lua's printed"
                            + " name instead of their own (debug.getinfo(f).source of load(s, 'modname') was"
                            + " =[string \"modname\"], official calls.lua)",
                    "LuajPatchesTest; chunk_names.lua; ChunkNamesDifferentialTest",
                    (mv, f) -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitVarInsn(Opcodes.ILOAD, 3);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "fileline",
                                "(Lorg/luaj/vm2/Prototype;I)Ljava/lang/String;", false);
                        mv.visitFieldInsn(Opcodes.PUTFIELD, LUA_ERROR, "fileline", "Ljava/lang/String;");
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LUA_ERROR, "getMessage", "()Ljava/lang/String;", false);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitFieldInsn(Opcodes.GETFIELD, LUA_ERROR, "level", "I");
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "errorHook",
                                "(Ljava/lang/String;I)Ljava/lang/String;", false);
                        mv.visitFieldInsn(Opcodes.PUTFIELD, LUA_ERROR, "traceback", "Ljava/lang/String;");
                        mv.visitInsn(Opcodes.RETURN);
                    }));

    /**
     * A second kind of row: inside {@code method}, every call of {@code calls}
     * ({@code owner.name descriptor}) goes to {@code added}, a method the patcher adds to the
     * class, which calls Ward and then the original; {@code extraArgs} pushes what {@code added}
     * takes on top of the original arguments. Without {@code added}, {@code extraArgs} is code
     * run just before the call, which is kept. The method keeps the rest of its code.
     */
    public record Edit(String owner, String method, String descriptor, String calls, String does, String why,
                       String test, Consumer<MethodVisitor> extraArgs, String added, String addedDescriptor,
                       Consumer<MethodVisitor> addedBody) {
        /** {@code owner.method descriptor} as in a class file. */
        public String key() {
            return owner + "." + method + descriptor;
        }
    }

    /** The edits. */
    public static final List<Edit> LUAJ_EDITS = List.of(
            new Edit(CLOSURE, "execute", "([L" + VALUE + ";Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;",
                    CLOSURE + ".processErrorHooks(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)V",
                    "the error handler first calls LuajErrorHooks.named(error, this, pc, stack), which gives an"
                            + " operand error raised by this frame's instruction Lua 5.2's text with the"
                            + " variable's name (local, global, field, upvalue, method, constant), then LuaJ's"
                            + " processErrorHooks unless LuajErrorHooks.positioned says the error is a tail-called"
                            + " Java function's",
                    "LuaJ's errors named no variable: attempt to call nil (Lua: attempt to call global 'f' (a nil"
                            + " value))",
                    "LuajPatchesTest; base_error_names.lua; WardReferenceDifferentialTest",
                    mv -> mv.visitVarInsn(Opcodes.ALOAD, 1), // execute's register array
                    "wardErrorHooks",
                    "(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I[L" + VALUE + ";)V",
                    mv -> {
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ILOAD, 3);
                        mv.visitVarInsn(Opcodes.ALOAD, 4);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "named",
                                "(Lorg/luaj/vm2/LuaError;L" + CLOSURE + ";I[L" + VALUE + ";)V", false);
                        Label luaj = new Label();
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ILOAD, 3);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "positioned",
                                "(Lorg/luaj/vm2/LuaError;L" + CLOSURE + ";I)Z", false);
                        mv.visitJumpInsn(Opcodes.IFNE, luaj);
                        mv.visitInsn(Opcodes.RETURN);
                        mv.visitLabel(luaj);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitVarInsn(Opcodes.ILOAD, 3);
                        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, CLOSURE, "processErrorHooks",
                                "(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)V", false);
                        mv.visitInsn(Opcodes.RETURN);
                    }),
            new Edit(CLOSURE, "processErrorHooks", "(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)V",
                    CLOSURE + ".errorHook(Ljava/lang/String;I)Ljava/lang/String;",
                    "the error's traceback is its message alone, as without a debug library, when"
                            + " LuajErrorHooks.tracebacks(globals) says the execution hook only counts instructions",
                    "an instruction limit without call stacks would have made LuaJ append an empty traceback"
                            + " to every error and stopped error(msg, level)'s search for its level at the first frame",
                    "CountingHookTest",
                    mv -> { }, // nothing extra: errorHook's (this, msg, level)
                    "wardErrorHook",
                    "(Ljava/lang/String;I)Ljava/lang/String;",
                    mv -> {
                        Label luaj = new Label();
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "globals", "Lorg/luaj/vm2/Globals;");
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "tracebacks", "(Lorg/luaj/vm2/Globals;)Z",
                                false);
                        mv.visitJumpInsn(Opcodes.IFNE, luaj);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitInsn(Opcodes.ARETURN);
                        mv.visitLabel(luaj);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitVarInsn(Opcodes.ILOAD, 2);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, "errorHook",
                                "(Ljava/lang/String;I)Ljava/lang/String;", false);
                        mv.visitInsn(Opcodes.ARETURN);
                    }),
            new Edit(CLOSURE, "execute", "([L" + VALUE + ";Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;",
                    "org/luaj/vm2/TailcallVarargs.<init>(L" + VALUE + ";Lorg/luaj/vm2/Varargs;)V",
                    "before a tail call is set up, LuajErrorHooks.callable(f) raises the call error of a value"
                            + " that cannot be called, in the calling frame, which names it",
                    "LuaJ makes the tail call after the frame has returned: return f() with f nil gave"
                            + " attempt to call nil without position or name",
                    "base_error_names.lua; ErrorNamesDifferentialTest",
                    mv -> { // under the constructor's arguments (f, args): check f, keep both
                        mv.visitInsn(Opcodes.SWAP);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "callable",
                                "(L" + VALUE + ";)L" + VALUE + ";", false);
                        mv.visitInsn(Opcodes.SWAP);
                    },
                    null, null, null),
            new Edit(LEX, "assignment", "(L" + LHS + ";I)V", LEX + ".assignment(L" + LHS + ";I)V",
                    "before each further target of a multiple assignment, fs.checklimit(nvars + L.nCcalls, 200,"
                            + " \"C levels\") as Lua 5.2's restassign: a chunk assigning to 200 targets at once"
                            + " fails to compile (too many C levels)",
                    "LuaJ recursed once per target without a limit (official errors.lua: ('a,'):rep(200) .. 'a=nil'"
                            + " must not compile); a long enough list overflowed the Java stack",
                    "lexer_errors.lua; call_site_names.lua",
                    mv -> { // under the recursive call's arguments (this, nv, nvars + 1): nothing consumed
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "fs", "L" + FUNCSTATE + ";");
                        mv.visitVarInsn(Opcodes.ILOAD, 2);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "L", "L" + COMPILE_STATE + ";");
                        mv.visitFieldInsn(Opcodes.GETFIELD, COMPILE_STATE, "nCcalls", "I");
                        mv.visitInsn(Opcodes.IADD);
                        mv.visitIntInsn(Opcodes.SIPUSH, MAX_C_LEVELS);
                        mv.visitLdcInsn("C levels");
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FUNCSTATE, "checklimit", "(IILjava/lang/String;)V",
                                false);
                    },
                    null, null, null),
            new Edit(LEX, "new_localvar", "(L" + STRING + ";)V", FUNCSTATE + ".checklimit(IILjava/lang/String;)V",
                    "the limit of 200 local variables counts the function's own (n_actvar + 1 - fs.firstlocal), as"
                            + " Lua 5.2's new_localvar",
                    "LuaJ counted the active locals of every enclosing function too: a function with 128 locals"
                            + " inside one with 129 failed to compile (official errors.lua, the upvalue limit test)",
                    "lexer_errors.lua; call_site_names.lua",
                    mv -> { // under (fs, n_actvar + 1, 200, "local variables"): subtract fs.firstlocal
                        mv.visitInsn(Opcodes.POP2);
                        mv.visitVarInsn(Opcodes.ALOAD, 0);
                        mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "fs", "L" + FUNCSTATE + ";");
                        mv.visitFieldInsn(Opcodes.GETFIELD, FUNCSTATE, "firstlocal", "I");
                        mv.visitInsn(Opcodes.ISUB);
                        mv.visitIntInsn(Opcodes.SIPUSH, MAX_LOCALS);
                        mv.visitLdcInsn("local variables");
                    },
                    null, null, null),
            new Edit(LEX, "forlist", "(L" + STRING + ";)V", FUNCSTATE + ".checkstack(I)V",
                    "after the explist of a generic for is adjusted to its three values, fs.freereg = base + 3:"
                            + " expressions past the third are evaluated and dropped, as Lua 5.2 does",
                    "LuaJ kept a fourth value in a register, so the block's register check failed and"
                            + " for k in f, s, c, x do compiled to the Java text 'compiler assert failed'",
                    "generic_for.lua",
                    mv -> { // under checkstack's (fs, 3): locals 2 fs, 6 base (the first free register)
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        mv.visitVarInsn(Opcodes.ILOAD, 6);
                        mv.visitInsn(Opcodes.ICONST_3);
                        mv.visitInsn(Opcodes.IADD);
                        mv.visitInsn(Opcodes.I2S);
                        mv.visitFieldInsn(Opcodes.PUTFIELD, FUNCSTATE, "freereg", "S");
                    },
                    null, null, null));

    /** A public method the patcher adds to a class, for an interface the class then implements. */
    public record Bridge(String name, String descriptor, Consumer<MethodVisitor> body) {
    }

    /**
     * {@code LexState} implements {@link LexerAccess} with these one-line methods over its
     * package-private members, so that {@link LuajLexer} (another package) can read strings.
     */
    public static final List<Bridge> LEXER_BRIDGE = List.of(
            new Bridge("wardCurrent", "()I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "current", "I");
                mv.visitInsn(Opcodes.IRETURN);
            }),
            new Bridge("wardNext", "()V", mv -> call(mv, "nextChar", "()V", Opcodes.RETURN)),
            new Bridge("wardSave", "(I)V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "save", "(I)V", false);
                mv.visitInsn(Opcodes.RETURN);
            }),
            new Bridge("wardNewline", "()V", mv -> call(mv, "inclinenumber", "()V", Opcodes.RETURN)),
            new Bridge("wardBuffer", "()[C", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "buff", "[C");
                mv.visitInsn(Opcodes.ARETURN);
            }),
            new Bridge("wardLength", "()I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "nbuff", "I");
                mv.visitInsn(Opcodes.IRETURN);
            }),
            new Bridge("wardTruncate", "(I)V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitFieldInsn(Opcodes.PUTFIELD, LEX, "nbuff", "I");
                mv.visitInsn(Opcodes.RETURN);
            }),
            new Bridge("wardSource", "()L" + STRING + ";", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "source", "L" + STRING + ";");
                mv.visitInsn(Opcodes.ARETURN);
            }),
            new Bridge("wardLine", "()I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "linenumber", "I");
                mv.visitInsn(Opcodes.IRETURN);
            }),
            new Bridge("wardToken", "()I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "t", "L" + TOKEN + ";");
                mv.visitFieldInsn(Opcodes.GETFIELD, TOKEN, "token", "I");
                mv.visitInsn(Opcodes.IRETURN);
            }),
            new Bridge("wardError", "(Ljava/lang/String;I)V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ILOAD, 2);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "lexerror", "(Ljava/lang/String;I)V", false);
                mv.visitInsn(Opcodes.RETURN);
            }));

    /**
     * Members of LuaJ that the new bodies use and do not declare themselves ({@code owner.name
     * descriptor}); checked against the jar so a drift fails here, not with a NoSuchFieldError.
     */
    static final List<String> REQUIRED_MEMBERS = List.of(
            DOUBLE + ".v D", DOUBLE + ".<init> (D)V", INTEGER + ".v I", INTEGER + ".valueOf (I)L" + INTEGER + ";",
            STRING + ".m_bytes [B", STRING + ".m_offset I", STRING + ".m_length I", STRING + ".m_hashcode I",
            VALUE + ".valueOf (D)L" + NUMBER + ";", LEX + ".lexerror (Ljava/lang/String;I)V",
            LEX + ".TK_NUMBER I", SEMINFO + ".r L" + VALUE + ";", VALUE + ".todouble ()D",
            FUNCSTATE + ".addk (L" + VALUE + ";)I", LEX + ".current I", LEX + ".nextChar ()V",
            LEX + ".save (I)V", LEX + ".inclinenumber ()V", LEX + ".buff [C", LEX + ".nbuff I",
            LEX + ".source L" + STRING + ";", LEX + ".linenumber I", SEMINFO + ".ts L" + STRING + ";",
            LUA_ERROR + ".fileline Ljava/lang/String;", LUA_ERROR + ".traceback Ljava/lang/String;",
            LUA_ERROR + ".level I", LUA_ERROR + ".getMessage ()Ljava/lang/String;",
            CLOSURE + ".errorHook (Ljava/lang/String;I)Ljava/lang/String;",
            CLOSURE + ".globals Lorg/luaj/vm2/Globals;", CLOSURE + ".upValues [Lorg/luaj/vm2/UpValue;",
            CLOSURE + ".p Lorg/luaj/vm2/Prototype;",
            LEX + ".fs L" + FUNCSTATE + ";", LEX + ".L L" + COMPILE_STATE + ";", COMPILE_STATE + ".nCcalls I",
            FUNCSTATE + ".checklimit (IILjava/lang/String;)V", FUNCSTATE + ".ls L" + LEX + ";",
            FUNCSTATE + ".f L" + PROTOTYPE + ";", PROTOTYPE + ".linedefined I", LEX + ".t L" + TOKEN + ";",
            TOKEN + ".token I", FUNCSTATE + ".firstlocal I", FUNCSTATE + ".freereg S");

    private LuajPatcher() {
    }

    /** {@code LuajPatcher <luaj-jse.jar> <classes dir>}: writes the patched classes under the directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LuajPatcher <luaj-jse.jar> <output classes dir>");
        }
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, byte[]> patched = patch(jar);
        for (Map.Entry<String, byte[]> e : patched.entrySet()) {
            Path file = out.resolve(e.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        System.out.println("[ward] patched " + PATCHES.size() + " LuaJ methods in " + patched.size() + " classes of "
                + jar.getFileName() + " into " + out);
    }

    /** The patched class files (internal name to bytes) of the LuaJ jar; fails on any drift. */
    public static Map<String, byte[]> patch(Path luajJar) throws IOException {
        Map<String, byte[]> result = patch(luajJar, p -> true);
        if (!LuajPatchCheck.PATCHED_CLASSES.equals(result.keySet().stream().map(n -> n.replace('/', '.')).toList())) {
            throw new IllegalStateException("LuajPatchCheck.PATCHED_CLASSES does not list the patched classes "
                    + result.keySet());
        }
        return result;
    }

    /**
     * The classes of the patches {@code which} selects, each with all of its selected patches
     * and the marker: the tests leave one patch out to show what it fixes.
     */
    public static Map<String, byte[]> patch(Path luajJar, Predicate<Patch> which) throws IOException {
        Map<String, List<Patch>> byClass = new LinkedHashMap<>();
        for (Patch p : PATCHES) {
            byClass.computeIfAbsent(p.owner(), k -> new ArrayList<>());
            if (which.test(p)) {
                byClass.get(p.owner()).add(p);
            }
        }
        for (Edit e : LUAJ_EDITS) {
            byClass.computeIfAbsent(e.owner(), k -> new ArrayList<>());
        }
        byClass.computeIfAbsent(LuajPatcherClosures.PROTOTYPE, k -> new ArrayList<>()); // the closure cache's slot, LuajPatcherCompiler's fields
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(luajJar.toFile());
             URLClassLoader hierarchy = new URLClassLoader(new URL[] {luajJar.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            Set<String> members = new TreeSet<>();
            for (String owner : List.of(DOUBLE, INTEGER, STRING, VALUE, LEX, SEMINFO, FUNCSTATE, LUA_ERROR, CLOSURE,
                    COMPILE_STATE, TOKEN, PROTOTYPE)) {
                new ClassReader(read(jar, owner)).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                        members.add(owner + "." + name + " " + desc);
                        return null;
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                        members.add(owner + "." + name + " " + desc);
                        return null;
                    }
                }, ClassReader.SKIP_CODE);
            }
            for (String m : REQUIRED_MEMBERS) {
                if (!members.contains(m)) {
                    throw drift(luajJar, "member " + m + " is missing");
                }
            }
            for (Map.Entry<String, List<Patch>> e : byClass.entrySet()) {
                List<Edit> edits = LUAJ_EDITS.stream().filter(x -> x.owner().equals(e.getKey())).toList();
                result.put(e.getKey(), patchClass(luajJar, read(jar, e.getKey()), e.getValue(), edits, hierarchy));
            }
        }
        return result;
    }

    private static byte[] patchClass(Path jar, byte[] original, List<Patch> patches, List<Edit> edits,
                                     ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy; // frames of the untouched methods need LuaJ's class hierarchy
            }
        };
        Map<String, Patch> wanted = new HashMap<>();
        for (Patch p : patches) {
            wanted.put(p.method() + p.descriptor(), p);
        }
        Set<String> done = new HashSet<>();
        Map<String, Integer> redirected = new HashMap<>();
        int[] interpreterAccess = {-1};
        Map<String, Object> constants = new HashMap<>();
        ClassFacts facts = new ClassFacts(constants);
        boolean lexer = reader.getClassName().equals(LEX);
        boolean prototype = reader.getClassName().equals(LuajPatcherClosures.PROTOTYPE);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String sig, String superName, String[] ifaces) {
                if (lexer) {
                    ifaces = java.util.Arrays.copyOf(ifaces, ifaces.length + 1);
                    ifaces[ifaces.length - 1] = ACCESS;
                } else if (prototype) {
                    ifaces = java.util.Arrays.copyOf(ifaces, ifaces.length + 2);
                    ifaces[ifaces.length - 2] = LuajPatcherClosures.SLOT;
                    ifaces[ifaces.length - 1] = LuajPatcherCompiler.SLOT;
                }
                super.visit(version, access, name, sig, superName, ifaces);
            }

            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                if (name.equals(LuajPatchCheck.MARKER_FIELD)) {
                    throw new IllegalStateException(reader.getClassName() + " is already patched");
                }
                if (value != null) {
                    constants.put(name, value);
                }
                return super.visitField(LuajPatcherStrings.fieldAccess(reader.getClassName(), name, access), name, desc,
                        sig, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                for (Edit e : edits) {
                    if (e.added() != null && name.equals(e.added())) {
                        throw drift(jar, "method " + e.added() + " already exists in " + e.owner());
                    }
                }
                boolean interpreter = LuajPatcherCallDepth.isInterpreter(reader.getClassName(), name, desc);
                MethodVisitor mv = super.visitMethod(access, interpreter ? LuajPatcherCallDepth.INTERPRETER : name, desc,
                        sig, ex);
                if (interpreter) {
                    interpreterAccess[0] = access;
                    mv = LuajPatcherClosures.interpreter(LuajPatcherCallDepth.interpreter(mv, redirected), redirected);
                    mv = LuajPatcherCompiler.loopCounting(mv, redirected);
                    mv = LuajPatcherCompiler.loopEntries(mv, redirected);
                }
                for (Edit e : edits) {
                    if ((name + desc).equals(e.method() + e.descriptor())) {
                        mv = redirect(mv, e, redirected);
                    }
                }
                mv = LuajPatcherStrings.constructor(reader.getClassName(), name + desc, mv, redirected);
                mv = LuajPatcherStrings.cachedHash(reader.getClassName(), name + desc, mv, redirected);
                if (LuajPatcherStrings.isHashCode(reader.getClassName(), name + desc)) {
                    redirected.merge(LuajPatcherStrings.LAZY, 1, Integer::sum);
                    LuajPatcherStrings.hashCode(mv);
                    return null; // the original code is dropped
                }
                if (LuajPatcherStrings.isValueUsing(reader.getClassName(), name + desc)) {
                    redirected.merge(LuajPatcherStrings.WRAPPED, 1, Integer::sum);
                    LuajPatcherStrings.valueUsing(mv);
                    return null; // the original code is dropped
                }
                Patch p = wanted.get(name + desc);
                if (p == null) {
                    return mv;
                }
                done.add(name + desc);
                mv.visitCode();
                p.body().accept(mv, facts);
                mv.visitMaxs(0, 0); // computed
                mv.visitEnd();
                return null; // the original code is dropped
            }

            @Override
            public void visitEnd() {
                if (reader.getClassName().equals(LuajPatcherCompiler.PROTOTYPE)) {
                    LuajPatcherCompiler.addPrototypeFields(writer);
                }
                if (interpreterAccess[0] >= 0) {
                    LuajPatcherCallDepth.addMembers(writer, interpreterAccess[0]); // not through this visitor's edits
                    LuajPatcherClosures.addReuse(writer);
                }
                if (prototype) {
                    LuajPatcherClosures.addSlot(writer);
                }
                if (LuajPatcherStrings.STRING.equals(reader.getClassName())) {
                    LuajPatcherStrings.addHashMethod(writer);
                }
                for (Bridge b : lexer ? LEXER_BRIDGE : List.<Bridge>of()) {
                    MethodVisitor mv = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, b.name(),
                            b.descriptor(), null, null);
                    mv.visitCode();
                    b.body().accept(mv);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                }
                for (Edit e : edits) {
                    if (e.added() == null) {
                        continue;
                    }
                    MethodVisitor mv = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, e.added(),
                            e.addedDescriptor(), null, null);
                    mv.visitCode();
                    e.addedBody().accept(mv);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                }
                super.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC,
                        LuajPatchCheck.MARKER_FIELD, "Ljava/lang/String;", null, LuajPatchCheck.MARKER_VALUE).visitEnd();
                super.visitEnd();
            }
        }, 0);
        for (Patch p : patches) {
            if (!done.contains(p.method() + p.descriptor())) {
                throw drift(jar, "method " + p.key() + " is missing");
            }
        }
        if (LuajPatcherCallDepth.CLOSURE.equals(reader.getClassName())) {
            if (interpreterAccess[0] < 0) {
                throw drift(jar, "method " + LuajPatcherCallDepth.CLOSURE + "." + LuajPatcherCallDepth.EXECUTE
                        + LuajPatcherCallDepth.EXECUTE_DESC + " is missing");
            }
            for (String kind : LuajPatcherCompiler.LOOP_ENTRIES) {
                if (redirected.getOrDefault(kind, 0) != 1) {
                    throw drift(jar, redirected.getOrDefault(kind, 0) + " " + kind + " made in "
                            + LuajPatcherCallDepth.CLOSURE + ".execute (LuajPatcherCompiler wants one)");
                }
            }
            for (String kind : LuajPatcherCompiler.REQUIRED) {
                if (redirected.getOrDefault(kind, 0) != 1) {
                    throw drift(jar, redirected.getOrDefault(kind, 0) + " " + kind + " calls to count in "
                            + LuajPatcherCallDepth.CLOSURE + ".execute (LuajPatcherCompiler wants one)");
                }
            }
            for (String kind : LuajPatcherCallDepth.REQUIRED) {
                if (redirected.getOrDefault(kind, 0) == 0) {
                    throw drift(jar, "no " + kind + " to count in " + LuajPatcherCallDepth.CLOSURE + ".execute");
                }
            }
            if (redirected.getOrDefault(LuajPatcherClosures.STORES, 0) != 1) {
                throw drift(jar, "not one OP_CLOSURE store (" + redirected.get(LuajPatcherClosures.STORES) + ") in "
                        + LuajPatcherCallDepth.CLOSURE + ".execute");
            }
        }
        if (LuajPatcherStrings.STRING.equals(reader.getClassName())) {
            Object shortest = constants.get("RECENT_STRINGS_MAX_LENGTH");
            if (redirected.getOrDefault(LuajPatcherStrings.REDIRECTED, 0) != 1
                    || redirected.getOrDefault(LuajPatcherStrings.LAZY, 0) != 1
                    || redirected.getOrDefault(LuajPatcherStrings.KEPT, 0) != 1
                    || redirected.getOrDefault(LuajPatcherStrings.WRAPPED, 0) != 1
                    || !Integer.valueOf(LuajPatcherStrings.SHORT).equals(shortest)) {
                throw drift(jar, "LuaString's constructor, hashCode(), valueOf, valueUsing or RECENT_STRINGS_MAX_LENGTH (" + shortest
                        + ") is not as LuajPatcherStrings expects");
            }
        }
        for (Edit e : edits) {
            if (redirected.getOrDefault(e.key() + " " + e.calls(), 0) == 0) {
                throw drift(jar, "no call of " + e.calls() + " in " + e.key());
            }
        }
        return writer.toByteArray();
    }

    /** {@code mv} with {@code e.extraArgs()} before every call of {@code e.calls()}, turned into one of {@code e.added()} if any. */
    private static MethodVisitor redirect(MethodVisitor mv, Edit e, Map<String, Integer> count) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                if ((owner + "." + name + desc).equals(e.calls())) {
                    e.extraArgs().accept(mv);
                    count.merge(e.key() + " " + e.calls(), 1, Integer::sum);
                    if (e.added() == null) {
                        super.visitMethodInsn(opcode, owner, name, desc, itf);
                    } else {
                        super.visitMethodInsn(opcode, owner, e.added(), e.addedDescriptor(), itf);
                    }
                } else {
                    super.visitMethodInsn(opcode, owner, name, desc, itf);
                }
            }
        };
    }

    /**
     * A row replacing a {@code LuaValue} error method by {@code LuajErrorHooks.hook(this, args...)},
     * whose result is returned, or thrown when it is the error.
     */
    private static Patch errorRow(String method, String desc, String hook, String does, String luajText,
                                  String witness) {
        org.objectweb.asm.Type m = org.objectweb.asm.Type.getMethodType(desc);
        StringBuilder hookDesc = new StringBuilder("(L" + VALUE + ";");
        for (org.objectweb.asm.Type t : m.getArgumentTypes()) {
            hookDesc.append(t.getDescriptor());
        }
        // these hooks return a value (the metamethod's result); the others return the error to throw
        boolean value = Set.of("metatag", "arith", "arithWith", "concat", "compare").contains(hook);
        String invoke = hookDesc + ")" + (value ? "L" + VALUE + ";" : "Lorg/luaj/vm2/LuaError;");
        return new Patch(VALUE, method, desc, "LuajErrorHooks." + hook + ": " + does,
                "LuaJ said \"" + luajText + "\"", "LuajPatchesTest (" + witness + "); base_error_names.lua",
                (mv, f) -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    int slot = 1;
                    for (org.objectweb.asm.Type t : m.getArgumentTypes()) {
                        mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
                        slot += t.getSize();
                    }
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, hook, invoke, false);
                    mv.visitInsn(value ? Opcodes.ARETURN : Opcodes.ATHROW);
                });
    }

    private static IllegalStateException drift(Path jar, String what) {
        return new IllegalStateException("LuaJ patch failed: in " + jar.getFileName() + ", " + what
                + ". The LuaJ version changed: review LuajPatcher's table (docs/LUA.md, \"LuaJ patches\").");
    }

    private static byte[] read(JarFile jar, String internalName) throws IOException {
        ZipEntry e = jar.getEntry(internalName + ".class");
        if (e == null) {
            throw new IllegalStateException("LuaJ patch failed: " + jar.getName() + " has no class " + internalName);
        }
        try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** {@code LuaString.method(LuaValue)}: {@code LuajErrorHooks.stringArith(this, LuaValue.EVENT, rhs)}. */
    private static Patch stringArith(String method, String event) {
        return replace(STRING, method, "(L" + VALUE + ";)L" + VALUE + ";",
                "LuajErrorHooks.stringArith(this, " + event + ", rhs): numbers when both operands convert, else"
                        + " the metamethod gets the string itself, as Lua 5.2's luaV_arith",
                "LuaJ converted the string first: '5' " + method + " t called t's metamethod with the number 5"
                        + " (Lua: the string '5'; official events.lua)",
                "LuajPatchesTest; metamethod_operands.lua",
                (mv, f) -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETSTATIC, VALUE, event, "L" + STRING + ";");
                    mv.visitVarInsn(Opcodes.ALOAD, 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, "stringArith",
                            "(L" + STRING + ";L" + VALUE + ";L" + VALUE + ";)L" + VALUE + ";", false);
                    mv.visitInsn(Opcodes.ARETURN);
                });
    }

    /**
     * {@code LuaValue.method(x)}, which {@code LuaInteger}/{@code LuaDouble.lt_b(rhs)} and
     * {@code lteq_b(rhs)} call on a right operand that is no number: {@code x < this} or
     * {@code x <= this} through {@code LuajErrorHooks.hook(valueOf(x), this)}.
     */
    private static Patch numberOrder(String method, String desc, String hook, String witness) {
        boolean isInt = desc.startsWith("(I");
        return replace(VALUE, method, desc,
                "LuajErrorHooks." + hook + "(valueOf(x), this): the metamethod of either operand, as Lua 5.2",
                "LuaJ raised attempt to compare number with table for " + witness + " even when t has the metamethod"
                        + " (official events.lua)",
                "LuajPatchesTest; metamethod_operands.lua",
                (mv, f) -> {
                    if (isInt) {
                        mv.visitVarInsn(Opcodes.ILOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "valueOf", "(I)L" + INTEGER + ";", false);
                    } else {
                        mv.visitVarInsn(Opcodes.DLOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, VALUE, "valueOf", "(D)L" + NUMBER + ";", false);
                    }
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, hook, "(L" + VALUE + ";L" + VALUE + ";)Z", false);
                    mv.visitInsn(Opcodes.IRETURN);
                });
    }

    /** {@code LuaString.method(rhs)}: {@code LuajErrorHooks.hook(this, rhs)}. */
    private static Patch stringOrder(String method, String hook, String witness) {
        return replace(STRING, method, "(L" + VALUE + ";)Z",
                "LuajErrorHooks." + hook + "(this, rhs): two strings by bytes, else the metamethod of either"
                        + " operand, as Lua 5.2",
                "LuaJ raised attempt to compare string with table for " + witness + " even when t has the metamethod"
                        + " (official events.lua)",
                "LuajPatchesTest; metamethod_operands.lua",
                (mv, f) -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitVarInsn(Opcodes.ALOAD, 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERRORS, hook, "(L" + VALUE + ";L" + VALUE + ";)Z", false);
                    mv.visitInsn(Opcodes.IRETURN);
                });
    }

    private static Patch replace(String owner, String method, String desc, String does, String why, String test,
                                 BiConsumer<MethodVisitor, ClassFacts> body) {
        return new Patch(owner, method, desc, does, why, test, body);
    }

    /** A static {@code (DD)} LuaDouble helper: {@code LuajHooks.op(a, b)}, boxed by LuaDouble.valueOf or not. */
    private static void binary(MethodVisitor mv, String op, boolean boxed) {
        mv.visitVarInsn(Opcodes.DLOAD, 0);
        mv.visitVarInsn(Opcodes.DLOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, op, "(DD)D", false);
        if (boxed) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DOUBLE, "valueOf", "(D)L" + NUMBER + ";", false);
            mv.visitInsn(Opcodes.ARETURN);
        } else {
            mv.visitInsn(Opcodes.DRETURN);
        }
    }

    /** {@code return this.name()} on LexState. */
    private static void call(MethodVisitor mv, String name, String desc, int returnOpcode) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, name, desc, false);
        mv.visitInsn(returnOpcode);
    }

    /** {@link LuajLexer}'s copies of LuaJ's token codes must be LexState's. */
    private static void checkTokens(ClassFacts f) {
        Map<String, Integer> mine = Map.of("FIRST_RESERVED", LuajLexer.FIRST_RESERVED, "TK_EOS", LuajLexer.TK_EOS,
                "TK_NUMBER", LuajLexer.TK_NUMBER, "TK_NAME", LuajLexer.TK_NAME, "TK_STRING", LuajLexer.TK_STRING);
        for (Map.Entry<String, Integer> e : mine.entrySet()) {
            if (!e.getValue().equals(f.constant(e.getKey(), Integer.class))) {
                throw new IllegalStateException("LuaJ patch failed: LexState." + e.getKey() + " is not "
                        + e.getValue() + ". The LuaJ version changed: review LuajLexer's token codes.");
            }
        }
    }

    /** Pushes a LuaString's {@code m_bytes, m_offset, m_length}. */
    static void stringBytes(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_bytes", "[B");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_offset", "I");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, STRING, "m_length", "I");
    }
}
