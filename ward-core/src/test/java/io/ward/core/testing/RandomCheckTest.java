package io.ward.core.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random-case runner on its own (no scheduler, so no fiber engine): cases by seed,
 * replay, and greedy shrinking. Cases are lists of small numbers.
 */
class RandomCheckTest {

    /** 0 to 30 numbers, each 0 to 9. */
    private static List<Integer> numbers(Random r) {
        List<Integer> out = new ArrayList<>();
        for (int n = r.nextInt(31); n > 0; n--) {
            out.add(r.nextInt(10));
        }
        return out;
    }

    /** Without one number; with one number lowered by one. */
    private static List<List<Integer>> simpler(List<Integer> c) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            List<Integer> fewer = new ArrayList<>(c);
            fewer.remove(i);
            out.add(fewer);
        }
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i) > 0) {
                List<Integer> lower = new ArrayList<>(c);
                lower.set(i, c.get(i) - 1);
                out.add(lower);
            }
        }
        return out;
    }

    @Test
    void checksEveryCaseOnceAndTheSameCasesForTheSameBaseSeed() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        assertEquals(50, RandomCheck.of(50, 42).run("numbers", RandomCheckTest::numbers, RandomCheckTest::simpler, first::add));
        RandomCheck.of(50, 42).run("numbers", RandomCheckTest::numbers, RandomCheckTest::simpler, second::add);
        assertEquals(50, first.size());
        assertEquals(first, second);
        assertTrue(first.stream().distinct().count() > 40, "cases differ: " + first);
    }

    @Test
    void shrinksToASmallestFailingCaseAndItsSeedReplaysTheOriginal() {
        // fails when the sum reaches 12 and a 7 or more is present: smallest is [7, 5] or [5, 7], etc.
        Consumer<List<Integer>> check = c -> {
            int sum = c.stream().mapToInt(Integer::intValue).sum();
            if (sum >= 12 && c.stream().anyMatch(x -> x >= 7)) {
                throw new AssertionError("sum " + sum + " of " + c);
            }
        };
        AssertionError e = assertThrows(AssertionError.class, () -> RandomCheck.of(1000, 7)
                .run("numbers", RandomCheckTest::numbers, RandomCheckTest::simpler, check));
        String m = e.getMessage();
        assertTrue(m.contains("shrunk"), m);
        String shrunk = m.substring(m.indexOf("to: ") + 4, m.indexOf('\n', m.indexOf("to: ")));
        List<Integer> smallest = parse(shrunk);
        // no single removal or lowering keeps it failing, so it is exactly 12 with one number of 7 or more
        assertEquals(12, smallest.stream().mapToInt(Integer::intValue).sum(), m);
        assertEquals(1, smallest.stream().filter(x -> x >= 7).count(), m);
        assertTrue(m.contains("original failure: java.lang.AssertionError: sum "), m);
        assertTrue(e.getCause().getMessage().startsWith("sum "), m);

        long seed = Long.parseLong(m.replaceAll("(?s).*-Dward\\.model\\.seed=(-?\\d+).*", "$1"));
        String original = m.replaceAll("(?s).*original case: (\\[[^\\]]*\\]).*", "$1");
        List<List<Integer>> replayed = new ArrayList<>();
        AssertionError again = assertThrows(AssertionError.class, () -> RandomCheck.replaying(seed)
                .run("numbers", RandomCheckTest::numbers, RandomCheckTest::simpler, c -> {
                    replayed.add(c);
                    check.accept(c);
                }));
        assertEquals(parse(original), replayed.get(0), "the seed gives the original case again");
        assertTrue(again.getMessage().contains("replayed seed " + seed), again.getMessage());
    }

    private static List<Integer> parse(String list) {
        List<Integer> out = new ArrayList<>();
        for (String s : list.replaceAll("[\\[\\] ]", "").split(",")) {
            if (!s.isEmpty()) {
                out.add(Integer.parseInt(s));
            }
        }
        return out;
    }
}
