package org.kld86.userland.sh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell grammar, on the host: the trees the parser makes and the errors it gives (worded as FreeBSD's sh). */
class ParserTest {

    private static Node.Sequence one(String text) {
        List<Node.Sequence> all = Parser.parseAll(text);
        assertEquals(1, all.size(), "one complete command in " + text);
        return all.get(0);
    }

    private static Node.Simple simple(String text) {
        return (Node.Simple) first(one(text));
    }

    /** The first command of a complete command. */
    private static Node.Command first(Node.Sequence s) {
        return s.items().get(0).pipelines().get(0).commands().get(0);
    }

    private static List<String> words(Node.Simple s) {
        return s.words().stream().map(Word::plainText).toList();
    }

    @Test
    void wordsAreSplitOnBlanks() {
        assertEquals(List.of("echo", "a", "b"), words(simple("echo  a\tb")));
    }

    @Test
    void semicolonsAndNewlinesSeparateCommands() {
        assertEquals(2, one("a; b").items().size());
        assertEquals(2, Parser.parseAll("a\nb\n").size());
        assertEquals(1, one("a;").items().size(), "a trailing ';' is allowed");
        assertEquals(0, Parser.parseAll("\n\n  # only a comment\n").size());
    }

    @Test
    void andOrListsKeepTheirOperatorsInOrder() {
        Node.AndOr a = one("a && b || c").items().get(0);
        assertEquals(3, a.pipelines().size());
        assertEquals(List.of("&&", "||"), a.ops());
        assertEquals(2, one("a &&\n b").items().get(0).pipelines().size(), "a newline may follow &&");
    }

    @Test
    void pipelinesAndNegation() {
        Node.Pipeline p = one("! a | b | c").items().get(0).pipelines().get(0);
        assertTrue(p.negated());
        assertEquals(3, p.commands().size());
        assertFalse(one("a|b").items().get(0).pipelines().get(0).negated());
        assertEquals(2, one("a |\n b").items().get(0).pipelines().get(0).commands().size());
    }

    @Test
    void redirectionsWithAndWithoutDescriptorNumbers() {
        Node.Simple s = simple("cmd <in >out 2>err >>log 2>&1 3<&- arg");
        assertEquals(List.of("cmd", "arg"), words(s));
        List<Node.Redirect> r = s.redirects();
        assertEquals(6, r.size());
        assertEquals(new Node.Redirect(0, "<", r.get(0).target()), r.get(0));
        assertEquals("in", r.get(0).target().plainText());
        assertEquals(1, r.get(1).fd());
        assertEquals(">", r.get(1).op());
        assertEquals(2, r.get(2).fd());
        assertEquals(">>", r.get(3).op());
        assertEquals(">&", r.get(4).op());
        assertEquals(2, r.get(4).fd());
        assertEquals("1", r.get(4).target().plainText());
        assertEquals(3, r.get(5).fd());
        assertEquals("<&", r.get(5).op());
        assertEquals("-", r.get(5).target().plainText());
        assertEquals("2", simple("echo 2 > x").words().get(1).plainText(), "a number apart from > is a word");
    }

    @Test
    void assignmentsOnlyBeforeTheCommandName() {
        Node.Simple s = simple("x=1 Y_2=two cmd z=3");
        assertEquals(2, s.assignments().size());
        assertEquals("x", s.assignments().get(0).name());
        assertEquals("1", s.assignments().get(0).value().plainText());
        assertEquals(List.of("cmd", "z=3"), words(s));
        assertEquals(0, simple("2x=1").assignments().size(), "not a name");
        Node.Simple only = simple("x=");
        assertEquals(1, only.assignments().size());
        assertTrue(only.assignments().get(0).value().parts().isEmpty());
    }

    @Test
    void quotingMakesQuotedParts() {
        Word w = simple("echo 'a $x' \"b $y\" c\\ d").words().get(1);
        assertEquals(List.of(new Word.Part(Word.Kind.QUOTED, "a $x")), w.parts());
        Word dq = simple("echo \"b $y\"").words().get(1);
        assertEquals(List.of(new Word.Part(Word.Kind.QUOTED, "b "), new Word.Part(Word.Kind.QUOTED_PARAM, "y")),
                dq.parts());
        Word bs = simple("echo c\\ d").words().get(1);
        assertEquals(List.of(new Word.Part(Word.Kind.LITERAL, "c"), new Word.Part(Word.Kind.QUOTED, " "),
                new Word.Part(Word.Kind.LITERAL, "d")), bs.parts());
        assertEquals(List.of(new Word.Part(Word.Kind.QUOTED, "")), simple("echo ''").words().get(1).parts());
    }

    @Test
    void dollarForms() {
        Word w = simple("echo $x${y}z$?$$$1$").words().get(1);
        assertEquals(List.of(new Word.Part(Word.Kind.PARAM, "x"), new Word.Part(Word.Kind.PARAM, "y"),
                new Word.Part(Word.Kind.LITERAL, "z"), new Word.Part(Word.Kind.PARAM, "?"),
                new Word.Part(Word.Kind.PARAM, "$"), new Word.Part(Word.Kind.PARAM, "1"),
                new Word.Part(Word.Kind.LITERAL, "$")), w.parts());
        Word esc = simple("echo \"\\$x \\\" \\\\ \\a\"").words().get(1);
        assertEquals(List.of(new Word.Part(Word.Kind.QUOTED, "$x \" \\ \\a")), esc.parts(),
                "inside double quotes a backslash quotes only $ ` \" \\ and newline");
    }

    @Test
    void commentsStartOnlyAtAWord() {
        assertEquals(List.of("echo", "a#b"), words(simple("echo a#b # comment")));
        assertEquals(List.of("echo"), words(simple("echo # a b")));
    }

    @Test
    void backslashNewlineContinuesTheLine() {
        assertEquals(List.of("echo", "a", "b"), words(simple("echo a \\\nb")));
    }

    @Test
    void anAmpersandEndsAnAsynchronousListAndSeparatesIt() {
        Node.Sequence s = one("sleep 1 & a && b 2>&1 &  echo x");
        assertEquals(3, s.items().size());
        assertTrue(s.items().get(0).background());
        assertEquals("sleep 1", s.items().get(0).source());
        assertTrue(s.items().get(1).background());
        assertEquals("a && b 2>&1", s.items().get(1).source(), "the subshell's text, redirections and all");
        assertFalse(s.items().get(2).background());
        assertTrue(one("cat /dev/x &").items().get(0).background());
        assertEquals("\"&\" unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("& a")).getMessage());
        assertEquals("\"&\" unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("a & &")).getMessage());
    }

    @Test
    void errorsAreWordedAsShDoes() {
        assertEquals("\"|\" unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("| a")).getMessage());
        assertEquals("\";;\" unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("a ;; b")).getMessage(),
                "\";;\" is one token (the end of a case item)");
        assertEquals("\"&&\" unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("&& b")).getMessage());
        assertEquals("newline unexpected", assertThrows(SyntaxError.class, () -> Parser.parseAll("a >\n")).getMessage());
        SyntaxError open = assertThrows(SyntaxError.class, () -> Parser.parseAll("echo 'abc"));
        assertEquals("Unterminated quoted string", open.getMessage());
        assertTrue(open.incomplete());
        assertTrue(assertThrows(SyntaxError.class, () -> Parser.parseAll("a |")).incomplete());
        assertTrue(assertThrows(SyntaxError.class, () -> Parser.parseAll("a &&\n")).incomplete());
        assertFalse(assertThrows(SyntaxError.class, () -> Parser.parseAll("| a")).incomplete());
    }

    @Test
    void whatIsNotSupportedIsRefusedNotMisread() {
        assertThrows(SyntaxError.class, () -> Parser.parseAll("echo $(ls)"));
        assertThrows(SyntaxError.class, () -> Parser.parseAll("echo `ls`"));
        assertThrows(SyntaxError.class, () -> Parser.parseAll("cat <<EOF"));
    }

    @Test
    void anErrorLosesOnlyItsLineAndReportsWhereTheCommandStarted() {
        Parser p = new Parser("echo one\n| bad\necho three\n");
        assertEquals(List.of("echo", "one"), words((Node.Simple) first(p.next())));
        SyntaxError e = assertThrows(SyntaxError.class, p::next);
        assertEquals(2, e.line());
        assertEquals(List.of("echo", "three"), words((Node.Simple) first(p.next())));
        assertNull(p.next());
    }

    @Test
    void compoundCommandsMakeTheirNodesWithTheirSourceAndRedirections() {
        Node.Compound c = (Node.Compound) first(one("for i in a 'b c'\ndo echo $i; done > f | cat"));
        Node.For f = (Node.For) c.body();
        assertEquals("i", f.name());
        assertEquals(List.of("a", "b c"), f.words().stream().map(Word::plainText).toList());
        assertEquals(1, c.redirects().size());
        assertEquals("for i in a 'b c'\ndo echo $i; done > f", c.source(), "what a child shell is given");
        assertNull(((Node.For) ((Node.Compound) first(one("for i; do :; done"))).body()).words(),
                "without in: the positional parameters");
        Node.If n = (Node.If) ((Node.Compound) first(one("if a\nthen b\nelif c; then d; else e; fi"))).body();
        assertEquals(2, n.conditions().size());
        assertTrue(n.otherwise() != null);
    }

    @Test
    void anUnfinishedCompoundCommandIsIncomplete() {
        for (String text : List.of("if true; then\n", "while :\n", "for i in 1 2\n", "for i in 1 2; do echo\n",
                "{ echo a\n")) {
            assertTrue(assertThrows(SyntaxError.class, () -> Parser.parseAll(text)).incomplete(), text);
        }
        assertFalse(assertThrows(SyntaxError.class, () -> Parser.parseAll("if true; fi\n")).incomplete());
    }

    @Test
    void caseKeepsItsItemsAndTheirPatternsInOrder() {
        Node.Case k = (Node.Case) ((Node.Compound) first(one("case $x in (a|b*) echo 1;; 'c') ;;\n*) echo 2\nesac")))
                .body();
        assertEquals("$x", k.word().plainText());
        assertEquals(3, k.items().size());
        assertEquals(List.of("a", "b*"), k.items().get(0).patterns().stream().map(Word::plainText).toList());
        assertEquals(1, k.items().get(0).body().items().size());
        assertTrue(k.items().get(1).body().items().isEmpty(), "an empty list");
        assertEquals(Word.Kind.QUOTED, k.items().get(1).patterns().get(0).parts().get(0).kind());
        assertEquals(1, k.items().get(2).body().items().size(), "the last ';;' left out");
        assertTrue(assertThrows(SyntaxError.class, () -> Parser.parseAll("case x in\na) echo")).incomplete(),
                "an unfinished case is incomplete: the interactive shell reads on");
    }
}
