package io.ward.lua.patch;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LuaJ patch table ({@link LuajPatcher#PATCHES}, docs/LUA.md "LuaJ patches"): every
 * patched class on this class path carries the marker, and each patch has a witness, a Lua
 * chunk whose result is Lua 5.2's with all patches and differs when only that patch is left
 * out (LuaJ run in its own class loader with the other patches applied).
 */
class LuajPatchesTest {
    /** Per patch: a chunk and what it returns in lua5.2 (x86-64 Linux). */
    private static final Map<String, Witness> WITNESSES = Map.ofEntries(
            Map.entry("org/luaj/vm2/LuaDouble.tojstring()Ljava/lang/String;",
                    new Witness("return tostring(1/3) .. ' ' .. 2^53 .. ' ' .. 1e100", "0.33333333333333 9.007199254741e+15 1e+100")),
            Map.entry("org/luaj/vm2/LuaDouble.valueOf(D)Lorg/luaj/vm2/LuaNumber;",
                    new Witness("local z, m = 0, -1 return tostring(z / m)", "-0")),
            Map.entry("org/luaj/vm2/LuaTable.rawlen()I", new Witness("return #{1, 2, nil, 4}", "4")),
            Map.entry("org/luaj/vm2/LuaTable.defaultEntry(Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaTable$Entry;",
                    new Witness("local t = {x = 1.5} t.x = '10' return type(t.x) .. ' ' .. t.x", "string 10")),
            Map.entry("org/luaj/vm2/LuaDouble.ddiv(DD)Lorg/luaj/vm2/LuaValue;",
                    new Witness("local z = 0 return tostring(1 / -z) .. ' ' .. tostring(z / z)", "-inf -nan")),
            Map.entry("org/luaj/vm2/LuaDouble.dmod(DD)Lorg/luaj/vm2/LuaValue;",
                    new Witness("local z = 0 return tostring(z % z)", "-nan")),
            Map.entry("org/luaj/vm2/LuaInteger.neg()Lorg/luaj/vm2/LuaValue;",
                    new Witness("local z = 0 return tostring(-z)", "-0")),
            Map.entry("org/luaj/vm2/LuaInteger.mul(I)Lorg/luaj/vm2/LuaValue;",
                    new Witness("local z, m = 0, -1 return tostring(z * m)", "-0")),
            Map.entry("org/luaj/vm2/LuaString.scannumber()D",
                    new Witness("return tostring(' -0xa ' + 1) .. ' ' .. tostring(tonumber('1e'))", "-9 nil")),
            Map.entry("org/luaj/vm2/LuaString.scannumber(I)D",
                    new Witness("return tostring(tonumber('\\t10\\n', 16))", "16")),
            Map.entry("org/luaj/vm2/compiler/LexState.str2d(Ljava/lang/String;Lorg/luaj/vm2/compiler/LexState$SemInfo;)Z",
                    new Witness("return select(2, load('return 1e'))", "[string \"return 1e\"]:1: malformed number near '1e'")),
            Map.entry("org/luaj/vm2/compiler/LexState.read_string(ILorg/luaj/vm2/compiler/LexState$SemInfo;)V",
                    new Witness("return select(2, load('return \"\\\\g\"'))",
                            "[string \"return \"\\g\"\"]:1: invalid escape sequence near '\\g'")),
            Map.entry("org/luaj/vm2/compiler/LexState.skipShebang()V",
                    new Witness("return select(2, load('#=1'))", "[string \"#=1\"]:1: unexpected symbol near '#'")),
            Map.entry("org/luaj/vm2/compiler/LexState.lexerror(Ljava/lang/String;I)V",
                    new Witness("return select(2, load('x = = 1'))",
                            "[string \"x = = 1\"]:1: unexpected symbol near '='")),
            Map.entry("org/luaj/vm2/compiler/FuncState.errorlimit(ILjava/lang/String;)V",
                    new Witness("return (select(2, load('local a' .. string.rep(', a', 200))):gsub('^.-:%d+: ', ''))",
                            "too many local variables (limit is 200) in main function near <eof>")),
            Map.entry("org/luaj/vm2/compiler/FuncState.numberK(Lorg/luaj/vm2/LuaValue;)I",
                    new Witness("return tostring(-0.0)", "-0")),
            Map.entry("org/luaj/vm2/LuaString.strcmp(Lorg/luaj/vm2/LuaString;)I",
                    new Witness("return tostring('\\xe1' < 'a') .. ' ' .. tostring('\\xff\\0' > 'a')", "false true")),
            Map.entry("org/luaj/vm2/LuaValue.indexerror()V",
                    errorWitness("local t = nil; return t.x", "attempt to index local 't' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.argerror(ILjava/lang/String;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("tostring()", "bad argument #1 to 'tostring' (value expected)")),
            Map.entry("org/luaj/vm2/LuaValue.argerror(Ljava/lang/String;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("next(1)", "bad argument #1 to 'next' (table expected, got number)")),
            Map.entry("org/luaj/vm2/LuaValue.typerror(Ljava/lang/String;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local t = nil; t.x = 1", "attempt to index local 't' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.checkmetatag(Lorg/luaj/vm2/LuaValue;Ljava/lang/String;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local f = nil; f()", "attempt to call local 'f' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.aritherror()Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local s = 'abc'; return 1 + s", "attempt to perform arithmetic on local 's' (a string value)")),
            Map.entry("org/luaj/vm2/LuaValue.arithmt(Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local c = {}; return c.n + 1", "attempt to perform arithmetic on field 'n' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.arithmtwith(Lorg/luaj/vm2/LuaValue;D)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local c = {}; return 1 + c.n", "attempt to perform arithmetic on field 'n' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.concatmt(Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("local x; return 'a' .. x .. 'b'", "attempt to concatenate local 'x' (a nil value)")),
            Map.entry("org/luaj/vm2/LuaValue.comparemt(Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;",
                    errorWitness("return {} < {}", "attempt to compare two table values")),
            arithWitness("add", "+"), arithWitness("sub", "-"), arithWitness("mul", "*"),
            arithWitness("div", "/"), arithWitness("mod", "%"), arithWitness("pow", "^"),
            orderWitness("org/luaj/vm2/LuaValue.gt_b(I)Z", "__lt", "1 < t", "number 1 table"),
            orderWitness("org/luaj/vm2/LuaValue.gt_b(D)Z", "__lt", "1.5 < t", "number 1.5 table"),
            orderWitness("org/luaj/vm2/LuaValue.gteq_b(I)Z", "__le", "1 <= t", "number 1 table"),
            orderWitness("org/luaj/vm2/LuaValue.gteq_b(D)Z", "__le", "1.5 <= t", "number 1.5 table"),
            orderWitness("org/luaj/vm2/LuaString.lt_b(Lorg/luaj/vm2/LuaValue;)Z", "__lt", "'a' < t", "string a table"),
            orderWitness("org/luaj/vm2/LuaString.lteq_b(Lorg/luaj/vm2/LuaValue;)Z", "__le", "'a' <= t",
                    "string a table"),
            // LuaJ's own pcall joins position and message with a blank: the witness adds Lua's colon
            Map.entry("org/luaj/vm2/LuaClosure.processErrorHooks(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)V",
                    new Witness("local t = {} for _, n in ipairs({'@f.lua', '=x', 'm'}) do"
                            + " local ok, e = pcall(load('error(1)', n))"
                            + " t[#t + 1] = (e:gsub('(:%d+):? ', '%1: ')) end return table.concat(t, ' ')",
                            "f.lua:1: 1 x:1: 1 [string \"m\"]:1: 1")));

    /** {@code '5' op t}: the metamethod gets the string (LuaString arithmetic). */
    private static Map.Entry<String, Witness> arithWitness(String method, String op) {
        return Map.entry("org/luaj/vm2/LuaString." + method + "(Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;",
                new Witness("local t = setmetatable({}, {__" + method + " = function(a, b) return type(a) .. ' '"
                        + " .. tostring(a) .. ' ' .. type(b) end}) return '5' " + op + " t", "string 5 table"));
    }

    /** A comparison of a number or string with a table: its metamethod gets both operands as they are. */
    private static Map.Entry<String, Witness> orderWitness(String key, String event, String expr, String want) {
        return Map.entry(key, new Witness("local seen; local t = setmetatable({}, {" + event + " = function(a, b)"
                + " seen = type(a) .. ' ' .. tostring(a) .. ' ' .. type(b) return true end})"
                + " local ok, r = pcall(function() return " + expr + " end) return tostring(ok and r and seen)",
                want));
    }

    /** A chunk that returns the message of {@code body}'s error without its position. */
    private static Witness errorWitness(String body, String want) {
        return new Witness("local ok, m = pcall(function() " + body + " end)"
                + " return (tostring(m):gsub('^.-:%d+:? ', ''))", want);
    }

    private record Witness(String lua, String want) {
    }

    static List<String> patchKeys() {
        return LuajPatcher.PATCHES.stream().map(LuajPatcher.Patch::key).toList();
    }

    @Test
    void everyPatchHasAWitness() {
        assertEquals(WITNESSES.keySet(), Set.copyOf(patchKeys()));
    }

    @Test
    void everyPatchedClassOnTheClassPathCarriesTheMarker() {
        Set<String> owners = LuajPatcher.PATCHES.stream().map(p -> p.owner().replace('/', '.'))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        LuajPatcher.LUAJ_EDITS.forEach(e -> owners.add(e.owner().replace('/', '.')));
        owners.add(LuajPatcherClosures.PROTOTYPE.replace('/', '.')); // the closure cache's slot, LuajPatcherCompiler's fields
        assertEquals(Set.copyOf(LuajPatchCheck.PATCHED_CLASSES), owners);
        assertNull(LuajPatchCheck.problem(getClass().getClassLoader()));
        LuajPatchCheck.verify();
    }

    @Test
    void theUnpatchedJarFailsTheCheckWithTheFix() throws Exception {
        String problem = LuajPatchCheck.problem(new IsolatedLuaj(Map.of()));
        assertTrue(problem != null && problem.contains("org.luaj.vm2.LuaDouble")
                && problem.contains("declare io.ward:ward-lua before org.luaj:luaj-jse"), problem);
    }

    @Test
    void allWitnessesPassWithAllPatches() throws Exception {
        IsolatedLuaj all = new IsolatedLuaj(LuajPatcher.patch(IsolatedLuaj.LUAJ_JAR));
        assertNull(LuajPatchCheck.problem(all));
        for (Witness w : WITNESSES.values()) {
            assertEquals(w.want(), all.run(w.lua()), w.lua());
        }
    }

    @ParameterizedTest
    @MethodSource("patchKeys")
    void eachPatchIsNeeded(String key) throws Exception {
        Witness w = WITNESSES.get(key);
        IsolatedLuaj without = new IsolatedLuaj(LuajPatcher.patch(IsolatedLuaj.LUAJ_JAR, p -> !p.key().equals(key)));
        assertNotEquals(w.want(), without.run(w.lua()), "without " + key + ": " + w.lua());
    }

    /**
     * LuajPatcherStrings: a string over 32 bytes is hashed when first asked (the field holds 0
     * until then), to the same value; a short copy made through LuaJ's cache of recent short
     * strings when made, so that cache still finds it; a short one made without it (a substring,
     * a new array handed to {@code valueUsing}) when first asked; equal strings made apart are
     * one table key.
     */
    @Test
    void longStringsAreHashedWhenFirstAsked() throws Exception {
        java.lang.reflect.Field field = LuaString.class.getDeclaredField("m_hashcode");
        field.setAccessible(true);
        assertFalse(java.lang.reflect.Modifier.isFinal(field.getModifiers()));
        byte[] bytes = "a long string, longer than LuaJ's 32-byte cache".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        LuaString s = LuaString.valueOf(bytes);
        int want = LuaString.hashCode(bytes, 0, bytes.length);
        assertEquals(0, field.getInt(s));
        assertEquals(want, s.hashCode());
        assertEquals(want, field.getInt(s));

        byte[] copied = "short".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        LuaString shortOne = LuaString.valueOf(copied, 0, copied.length);
        assertEquals(LuaString.hashCode(copied, 0, copied.length), field.getInt(shortOne));
        assertSame(shortOne, LuaString.valueOf(copied, 0, copied.length));
        byte[] used = "made by valueUsing".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        LuaString madeUsing = LuaString.valueUsing(used.clone());
        assertEquals(0, field.getInt(madeUsing)); // a new array wrapped: not looked up, not hashed
        assertNotSame(madeUsing, LuaString.valueUsing(used.clone()));
        assertEquals(LuaString.hashCode(used, 0, used.length), madeUsing.hashCode());
        assertEquals(madeUsing, LuaString.valueUsing(used.clone()));
        LuaString sub = LuaString.valueOf(bytes).substring(2, 6);
        int subHash = LuaString.hashCode(sub.m_bytes, sub.m_offset, sub.m_length);
        assertEquals(subHash, sub.hashCode());

        Globals g = JsePlatform.standardGlobals();
        assertEquals("1 2", g.load("local t = {[('x'):rep(50)] = 1, [('ab'):rep(20)] = 2}"
                + " return t[('x'):rep(25) .. ('x'):rep(25)] .. ' ' .. t[('a' .. 'b'):rep(20)]").call().tojstring());
        assertEquals("3 4", g.load("local t = {[('abcdefgh'):sub(2, 5)] = 3, abc = 4}"
                + " return t.bcde .. ' ' .. t[('xabcx'):sub(2, 4)]").call().tojstring());
    }

    /** Lua 5.2's closure cache (LuajPatcherClosures): the witness is false in plain LuaJ. */
    @Test
    void closuresWithTheSameUpvaluesAreOneValue() throws Exception {
        String lua = "local t, u = {}, {} for i = 1, 3 do t[i] = function() return t end"
                + " u[i] = function() return i end end"
                + " return tostring(t[1] == t[2] and t[2] == t[3]) .. ' ' .. tostring(u[1] == u[2])";
        assertEquals("true false", new IsolatedLuaj(LuajPatcher.patch(IsolatedLuaj.LUAJ_JAR)).run(lua));
        assertEquals("false false", new IsolatedLuaj(Map.of()).run(lua));
    }

    @Test
    void aMissingMethodFailsThePatcher(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("luaj-drifted.jar");
        try (JarFile in = new JarFile(IsolatedLuaj.LUAJ_JAR.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream s = in.getInputStream(entry)) {
                    byte[] b = s.readAllBytes();
                    out.write(entry.getName().equals("org/luaj/vm2/LuaString.class") ? withoutScannumber(b) : b);
                }
                out.closeEntry();
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LuajPatcher.patch(jar));
        assertTrue(e.getMessage().contains("org/luaj/vm2/LuaString.scannumber()D is missing"), e.getMessage());
    }

    @Test
    void theMainWritesOnlyThePatchedClasses(@TempDir Path dir) throws IOException {
        LuajPatcher.main(new String[] {IsolatedLuaj.LUAJ_JAR.toString(), dir.toString()});
        try (var files = Files.walk(dir)) {
            Set<String> written = files.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/')).collect(Collectors.toSet());
            assertEquals(LuajPatchCheck.PATCHED_CLASSES.stream().map(n -> n.replace('.', '/') + ".class")
                    .collect(Collectors.toSet()), written);
        }
    }

    private static byte[] withoutScannumber(byte[] b) {
        ClassWriter w = new ClassWriter(0);
        new ClassReader(b).accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return name.equals("scannumber") && desc.equals("()D") ? null : super.visitMethod(access, name, desc, sig, ex);
            }
        }, 0);
        return w.toByteArray();
    }
}
