package org.kld86.userland.sh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pattern matcher: *, ?, bracket expressions, quoted characters; and pathname expansion over a fake tree. */
class GlobTest {

    private static boolean m(String pattern, String s) {
        return Glob.match(Glob.Pattern.of(pattern), s);
    }

    @Test
    void starAndQuestionMark() {
        assertTrue(m("*", ""));
        assertTrue(m("*", "abc"));
        assertTrue(m("a*", "abc"));
        assertTrue(m("*c", "abc"));
        assertTrue(m("a*c", "ac"));
        assertTrue(m("a**c", "abbbc"));
        assertTrue(m("*b*", "abc"));
        assertFalse(m("a*d", "abc"));
        assertTrue(m("?", "x"));
        assertFalse(m("?", ""));
        assertFalse(m("?", "xy"));
        assertTrue(m("a?c", "abc"));
        assertTrue(m("*/*", "a/b"), "in case '/' is an ordinary character");
        assertTrue(m("*", ".hidden"), "and so is a leading '.'");
        assertTrue(m("abc", "abc"));
        assertFalse(m("abc", "abcd"));
    }

    @Test
    void bracketExpressions() {
        assertTrue(m("[abc]", "b"));
        assertFalse(m("[abc]", "d"));
        assertTrue(m("[a-z]x", "qx"));
        assertFalse(m("[a-z]", "Q"));
        assertTrue(m("[!a-z]", "Q"));
        assertFalse(m("[!a-z]", "q"));
        assertTrue(m("[^a]", "b"), "^ negates as ! does");
        assertTrue(m("[]]", "]"), "a ']' first is a member");
        assertTrue(m("[!]]", "x"));
        assertFalse(m("[!]]", "]"));
        assertTrue(m("[a-]", "-"), "a '-' last is a member");
        assertTrue(m("[[:digit:]]*", "7up"));
        assertFalse(m("[[:digit:]]", "x"));
        assertTrue(m("[[:upper:][:digit:]]", "Q"));
        assertTrue(m("[ab", "[ab"), "a '[' without its ']' is an ordinary character");
        assertFalse(m("[ab", "a"));
    }

    @Test
    void quotedCharactersStandForThemselves() {
        BitSet q = new BitSet();
        q.set(1); // a\*
        assertTrue(Glob.match(new Glob.Pattern("a*", q), "a*"));
        assertFalse(Glob.match(new Glob.Pattern("a*", q), "ab"));
        BitSet all = new BitSet();
        all.set(0, 5);
        assertTrue(Glob.match(new Glob.Pattern("[a-c]", all), "[a-c]"));
        assertFalse(Glob.match(new Glob.Pattern("[a-c]", all), "b"));
        BitSet dash = new BitSet();
        dash.set(2);
        assertTrue(Glob.match(new Glob.Pattern("[a-c]", dash), "-"), "a quoted '-' makes no range");
        assertFalse(Glob.match(new Glob.Pattern("[a-c]", dash), "b"));
        assertFalse(Glob.Pattern.of("abc").hasMeta());
        assertFalse(new Glob.Pattern("a*", q).hasMeta());
        assertTrue(Glob.Pattern.of("a[b]").hasMeta());
    }

    private final Map<String, List<String>> tree = Map.of(
            "", List.of(".", "..", "b", "a", ".dot", "dir"),
            "dir/", List.of(".", "..", "x2", "x1", "y", ".x3", "sub"),
            "dir/sub/", List.of("x9"),
            "/", List.of("tmp", "dev"),
            "/dev/", List.of("null", "zero", "scull0", "scull1"));

    private List<String> expand(String pattern) {
        return Glob.expand(Glob.Pattern.of(pattern), tree::get,
                p -> tree.containsKey(p) || tree.containsKey(p + "/") || p.equals("dir/sub/x9"));
    }

    @Test
    void expansionMatchesComponentByComponentAndSorts() {
        assertEquals(List.of("a", "b", "dir"), expand("*"));
        assertEquals(List.of(".dot"), expand(".*"), "a leading '.' only explicitly, and never . or ..");
        assertEquals(List.of("dir/x1", "dir/x2"), expand("dir/x*"));
        assertEquals(List.of("dir/sub/x9"), expand("*/*/x*"));
        assertEquals(List.of("dir/sub/x9"), expand("d?r/s*/x9"), "a literal last component must exist");
        assertEquals(List.of(), expand("*/nothere"));
        assertEquals(List.of("/dev/scull0", "/dev/scull1"), expand("/dev/scull*"));
        assertEquals(List.of("/dev/scull1"), expand("/dev/scull[!0]"));
        assertEquals(List.of(), expand("/nodir/*"), "an unreadable directory contributes nothing");
        assertEquals(List.of("dir/"), expand("d*/"), "a trailing '/' keeps directories");
    }
}
