package io.ward.lua.compiler;

import io.ward.lua.vm.LuaOps;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.WardTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Compiled code's table access ({@link LuaOps#index} and {@link LuaOps#setIndex}, {@link HookedOps}'
 * fields and {@code #}, all through {@code org.luaj.vm2.WardTables}' fast paths, and the array
 * moves of {@code table.insert}/{@code remove}) against LuaJ's own {@code get}/{@code set} on a
 * twin table: the same random operations on both (string keys enough to chain buckets and
 * rehash, integers in and out of the array part, doubles, removals that leave dead slots,
 * stores of new keys), and every read answers alike.
 */
class CompiledTablesTest {
    @Test
    void plainTablesAnswerAsLuaTable() {
        Random random = new Random(18);
        List<LuaValue> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(LuaValue.valueOf("k" + i));
            keys.add(LuaValue.valueOf(new String("k" + i))); // equal strings that are other objects
        }
        for (int i = -2; i < 40; i++) {
            keys.add(LuaValue.valueOf(i));
        }
        keys.add(LuaValue.valueOf(1.5));
        keys.add(LuaValue.valueOf(-0.0));
        keys.add(LuaValue.TRUE);
        for (int round = 0; round < 50; round++) {
            int array = random.nextInt(8);
            int hash = random.nextInt(8);
            LuaTable ours = new LuaTable(array, hash);
            LuaTable theirs = new LuaTable(array, hash);
            for (int op = 0; op < 400; op++) {
                LuaValue k = keys.get(random.nextInt(keys.size()));
                if (random.nextInt(3) == 0) {
                    LuaValue v = random.nextInt(4) == 0 ? LuaValue.NIL
                            : random.nextBoolean() ? LuaValue.valueOf(op) : LuaValue.valueOf("v" + op);
                    LuaOps.setIndex(ours, k, v);
                    theirs.set(k, v);
                } else {
                    assertEquals(theirs.get(k), LuaOps.index(ours, k), "round " + round + " op " + op + " key " + k);
                }
            }
            for (LuaValue k : keys) {
                assertEquals(theirs.get(k), LuaOps.index(ours, k), "round " + round + " key " + k);
            }
            assertEquals(theirs.length(), ours.length(), "round " + round);
            assertEquals(theirs.len(), HookedOps.len(ours, null, 0), "round " + round); // WardTables.rawLength when no hash entries
            assertEquals(entries(theirs), entries(ours), "round " + round); // the same layout: next's order
        }
    }

    /**
     * {@code HookedOps.field}/{@code setField} (string constant keys, {@code WardTables.rawField}
     * and {@code storeField}: a present key is read whatever the metatable, updated in place
     * without one; a miss looks by equal strings through {@code __index} tables,
     * {@code WardTables.sharedField}) against LuaJ on twins with no metatable, an
     * {@code __index} table (itself inheriting from another), a {@code __newindex} table or weak
     * values; the keys come in pairs of equal strings that are different objects.
     */
    @Test
    void fieldAccessAnswersAsLuaTable() {
        Random random = new Random(1818);
        List<LuaString> keys = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            keys.add(LuaValue.valueOf("f" + i));
            keys.add(LuaValue.valueOf(new String("f" + i)));
        }
        for (int round = 0; round < 100; round++) {
            int kind = round % 5;
            LuaTable[] twins = new LuaTable[2];
            LuaTable[] others = new LuaTable[2]; // the __index or __newindex table of each twin
            for (int j = 0; j < 2; j++) {
                twins[j] = new LuaTable(0, random.nextInt(8));
                others[j] = new LuaTable();
                others[j].set("f3", LuaValue.valueOf("inherited"));
                LuaTable mt = new LuaTable();
                switch (kind) {
                    case 1 -> mt.set(LuaValue.INDEX, others[j]);
                    case 4 -> {
                        LuaTable parent = new LuaTable();
                        parent.set("f5", LuaValue.valueOf("grand"));
                        LuaTable parentMt = new LuaTable();
                        parentMt.set(LuaValue.INDEX, parent);
                        others[j].setmetatable(parentMt);
                        mt.set(LuaValue.INDEX, others[j]);
                    }
                    case 2 -> mt.set(LuaValue.NEWINDEX, others[j]);
                    case 3 -> mt.set(LuaValue.MODE, LuaValue.valueOf("v"));
                    default -> mt = null;
                }
                if (mt != null) {
                    twins[j].setmetatable(mt);
                }
            }
            LuaTable ours = twins[0];
            LuaTable theirs = twins[1];
            for (int op = 0; op < 300; op++) {
                LuaString k = keys.get(random.nextInt(keys.size()));
                LuaValue[] constants = {k}; // a compiled function's constants: a miss may change them
                if (random.nextInt(3) == 0) {
                    LuaValue v = random.nextInt(4) == 0 ? LuaValue.NIL : LuaValue.valueOf("v" + op);
                    if (random.nextInt(3) == 0) { // raw stores make keys present behind the metatable
                        ours.rawset(k, v);
                        theirs.rawset(k, v);
                    } else {
                        HookedOps.setField(ours, constants, 0, k.hashCode(), v, null, 0);
                        theirs.set(k, v);
                    }
                } else {
                    assertEquals(theirs.get(k), HookedOps.field(ours, constants, 0, k.hashCode(), null, 0),
                            "round " + round + " op " + op + " key " + k);
                    assertEquals(k, constants[0]); // an equal string, maybe the table's own key
                }
            }
            for (LuaString k : keys) {
                assertEquals(theirs.rawget(k), ours.rawget(k), "round " + round + " key " + k);
                assertEquals(others[1].rawget(k), others[0].rawget(k), "round " + round + " key " + k);
            }
        }
    }

    /**
     * A miss of {@code HookedOps.field} by identity leaves the site's constant the very key
     * object the table (or the table its {@code __index} gives, or the runtime's {@code string}
     * table for a string's method) holds, so the next access is found by identity.
     */
    @Test
    void aMissSharesTheTablesKeyObject() {
        LuaString own = LuaValue.valueOf("name");
        LuaTable t = new LuaTable();
        t.rawset(own, LuaValue.valueOf(1));
        LuaValue[] constants = {LuaValue.valueOf(new String("name"))};
        assertNotSame(own, constants[0]);
        assertEquals(LuaValue.valueOf(1), HookedOps.field(t, constants, 0, own.hashCode(), null, 0));
        assertSame(own, constants[0]);

        LuaTable object = new LuaTable();
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.INDEX, t);
        object.setmetatable(mt);
        LuaValue[] inherited = {LuaValue.valueOf(new String("name"))};
        assertEquals(LuaValue.valueOf(1), HookedOps.field(object, inherited, 0, own.hashCode(), null, 0));
        assertSame(own, inherited[0]);

        LuaValue[] stored = {LuaValue.valueOf(new String("name"))};
        HookedOps.setField(t, stored, 0, own.hashCode(), LuaValue.valueOf(2), null, 0);
        assertSame(own, stored[0]);
        assertEquals(LuaValue.valueOf(2), t.rawget(own));

        io.ward.lua.lib.StringMetatable.install();
        LuaValue[] method = {LuaValue.valueOf(new String("upper"))};
        LuaValue upper = HookedOps.field(LuaValue.valueOf("abc"), method, 0, method[0].hashCode(), null, 0);
        assertEquals(LuaValue.valueOf("ABC"), upper.call(LuaValue.valueOf("abc")));
        assertSame(io.ward.lua.lib.StringMetatable.methods().rawget(method[0]), upper);
    }

    /** {@code #t} of arrays with holes (WardTables.rawLength, inlined) against LuaTable.rawlen (patched: Lua 5.2's border). */
    @Test
    void lengthOfArraysWithHolesIsRawlensBorder() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            LuaTable t = new LuaTable(random.nextInt(20), 0);
            int n = random.nextInt(40);
            for (int i = 1; i <= n; i++) {
                t.set(i, random.nextInt(4) == 0 ? LuaValue.NIL : LuaValue.valueOf(i));
            }
            assertEquals(t.len(), HookedOps.len(t, null, 0), "round " + round);
            assertEquals(t.len(), LuaOps.len(t), "round " + round);
        }
    }

    /** {@code WardTables.moveInArray} (table.insert's and table.remove's shifts) against raw gets and sets one by one. */
    @Test
    void arrayMovesAreRawGetsAndSets() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int size = random.nextInt(12);
            LuaTable ours = new LuaTable(size, 0);
            LuaTable theirs = new LuaTable(size, 0);
            for (int i = 1; i <= size + 2; i++) {
                LuaValue v = random.nextInt(4) == 0 ? LuaValue.NIL : LuaValue.valueOf(i);
                ours.rawset(i, v);
                theirs.rawset(i, v);
            }
            int n = random.nextInt(size + 2);
            int src = 1 + random.nextInt(size + 1);
            int dst = Math.max(1, src + random.nextInt(3) - 1);
            if (WardTables.moveInArray(ours, src, dst, n)) {
                if (dst > src) {
                    for (int i = n - 1; i >= 0; i--) {
                        theirs.rawset(dst + i, theirs.rawget(src + i));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        theirs.rawset(dst + i, theirs.rawget(src + i));
                    }
                }
            }
            for (int i = 1; i <= size + 4; i++) {
                assertEquals(theirs.rawget(i), ours.rawget(i), "round " + round + " index " + i);
            }
        }
    }

    @Test
    void tablesWithMetatablesKeepTheirMetamethods() {
        LuaTable fallback = new LuaTable();
        fallback.set("x", LuaValue.valueOf(7));
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, fallback);
        LuaTable t = new LuaTable();
        t.setmetatable(mt);
        assertEquals(LuaValue.valueOf(7), LuaOps.index(t, LuaValue.valueOf("x")));
        LuaTable store = new LuaTable();
        mt.set(LuaValue.NEWINDEX, store);
        LuaOps.setIndex(t, LuaValue.valueOf("y"), LuaValue.valueOf(1));
        assertSame(LuaValue.NIL, t.rawget("y"));
        assertEquals(LuaValue.valueOf(1), store.rawget("y"));
    }
    /**
     * Compiled {@code for ... in pairs(t)} ({@code TableCursor.next}, which remembers the bucket
     * of the key it returned) against {@code LuaTable.next} on a twin: random tables with array
     * and hash parts, chains, dead slots, and during the traversal the current key cleared or an
     * existing key updated (both allowed in Lua); the same entries in the same order. A table
     * with a plain metatable is traversed too; weak tables, unknown keys and other values are
     * left to {@code next} itself.
     */
    @Test
    void traversalsAnswerAsNext() {
        Random random = new Random(1919);
        for (int round = 0; round < 300; round++) {
            int array = random.nextInt(6);
            int hash = random.nextInt(6);
            LuaTable ours = new LuaTable(array, hash); // twins: the same history, so the same layout
            LuaTable theirs = new LuaTable(array, hash);
            if (random.nextInt(4) == 0) {
                ours.setmetatable(new LuaTable());
                theirs.setmetatable(new LuaTable());
            }
            for (int op = 0; op < 60; op++) {
                LuaValue k = switch (random.nextInt(4)) {
                    case 0 -> LuaValue.valueOf(random.nextInt(20) - 2);
                    case 1 -> LuaValue.valueOf(random.nextInt(1000) + 0.5);
                    default -> LuaValue.valueOf("k" + random.nextInt(30));
                };
                LuaValue v = random.nextInt(5) == 0 ? LuaValue.NIL : LuaValue.valueOf(op);
                ours.rawset(k, v);
                theirs.rawset(k, v);
            }
            org.luaj.vm2.TableCursor cursor = new org.luaj.vm2.TableCursor();
            LuaValue k = LuaValue.NIL;
            LuaValue theirKey = LuaValue.NIL;
            int steps = 0;
            while (true) {
                org.luaj.vm2.Varargs expected = theirs.next(theirKey);
                assertSame(cursor, CompiledSupport.step(null, nextFunction(), ours, k, cursor), "round " + round);
                assertEquals(expected.arg1(), cursor.key(), "round " + round + " step " + steps);
                assertEquals(expected.arg(2), cursor.value(), "round " + round + " step " + steps);
                if (cursor.key().isnil()) {
                    break;
                }
                k = cursor.key();
                theirKey = expected.arg1();
                switch (random.nextInt(4)) {
                    case 0 -> { // clear the current key, as a traversal may
                        ours.rawset(k, LuaValue.NIL);
                        theirs.rawset(theirKey, LuaValue.NIL);
                    }
                    case 1 -> { // update it
                        ours.rawset(k, LuaValue.valueOf(-steps));
                        theirs.rawset(theirKey, LuaValue.valueOf(-steps));
                    }
                    default -> {
                    }
                }
                steps++;
            }
        }
        LuaTable weak = new LuaTable();
        LuaTable mode = new LuaTable();
        mode.rawset("__mode", LuaValue.valueOf("k"));
        weak.setmetatable(mode);
        weak.rawset("a", LuaValue.valueOf(1));
        assertEquals(null, CompiledSupport.step(null, nextFunction(), weak, LuaValue.NIL, null));
        LuaTable plain = new LuaTable();
        plain.rawset("a", LuaValue.valueOf(1));
        assertEquals(null, CompiledSupport.step(null, nextFunction(), plain, LuaValue.valueOf("absent"), null));
        assertEquals(null, CompiledSupport.step(null, nextFunction(), LuaValue.valueOf("s"), LuaValue.NIL, null));
    }

    /** {@code t}'s entries in {@code next}'s order. */
    private static List<String> entries(LuaTable t) {
        List<String> out = new ArrayList<>();
        for (org.luaj.vm2.Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            out.add(e.arg1() + "=" + e.arg(2));
        }
        return out;
    }

    private static LuaValue nextFunction() {
        return new org.luaj.vm2.lib.BaseLib().call(LuaValue.NIL, new org.luaj.vm2.Globals()).get("next");
    }
}
