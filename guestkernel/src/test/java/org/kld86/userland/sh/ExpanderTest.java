package org.kld86.userland.sh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word expansion: parameters, field splitting of unquoted values only, quote removal, tilde. */
class ExpanderTest {

    private final Map<String, String> vars = Map.of("x", "1", "sp", " a  b ", "HOME", "/root", "e", "", "q", "?", "ab", "a b");
    private final Expander ex = new Expander(vars::get, List.of("p1", "p 2"));

    /** The second word of the command "cmd word". */
    static Word word(String word) {
        Node.Simple s = (Node.Simple) Parser.parseAll("cmd " + word).get(0).items().get(0).pipelines().get(0)
                .commands().get(0);
        return s.words().get(1);
    }

    private List<String> fields(String word) {
        return ex.fields(word(word));
    }

    @Test
    void unquotedValuesAreSplitOnBlanksQuotedOnesAreNot() {
        assertEquals(List.of("a", "b"), fields("$sp"));
        assertEquals(List.of(" a  b "), fields("\"$sp\""));
        assertEquals(List.of("x", "a", "b"), fields("x$sp"), "the leading blank of the value ends the field");
        assertEquals(List.of("a", "b", "y"), fields("${sp}y"), "the value's trailing blank ends the field");
        assertEquals(List.of("a", "by"), fields("${ab}y"), "without one the text after joins the last field");
    }

    @Test
    void anEmptyUnquotedValueIsNoFieldButQuotedItIsOne() {
        assertEquals(List.of(), fields("$e"));
        assertEquals(List.of(), fields("$unset"));
        assertEquals(List.of(""), fields("\"$e\""));
        assertEquals(List.of(""), fields("''"));
    }

    @Test
    void singleQuotesAndBackslashesKeepDollarsLiteral() {
        assertEquals(List.of("$x"), fields("'$x'"));
        assertEquals(List.of("$x"), fields("\\$x"));
        assertEquals(List.of("1"), fields("$x"));
    }

    @Test
    void positionalAndSpecialParameters() {
        assertEquals(List.of("p1"), fields("$1"));
        assertEquals(List.of(), fields("$3"));
        assertEquals(List.of("2"), fields("$#"));
        assertEquals(List.of("p1", "p 2"), fields("\"$@\""), "\"$@\" is one field per parameter");
        assertEquals(List.of("p1 p 2"), fields("\"$*\""));
        assertEquals(List.of("p1", "p", "2"), fields("$@"));
        assertEquals(List.of("?"), fields("$q"));
    }

    @Test
    void aLeadingTildeIsHome() {
        assertEquals(List.of("/root/x"), fields("~/x"));
        assertEquals(List.of("a~"), fields("a~"));
        assertEquals(List.of("~"), fields("'~'"));
    }

    @Test
    void theStringFormDoesNotSplit() {
        Node.Simple s = (Node.Simple) Parser.parseAll("v=$sp").get(0).items().get(0).pipelines().get(0)
                .commands().get(0);
        assertEquals(" a  b ", ex.string(s.assignments().get(0).value()));
    }

    /** An expander over a current directory holding a, ab, b* (a name with a star) and .h. */
    private final Expander globbing = new Expander(
            Map.of("x", "1", "pat", "a*", "sp", "a* b", "e", "")::get, List.of("a*", "b"),
            d -> d.isEmpty() ? List.of("a", "ab", "b*", ".h") : null, p -> false);

    private List<String> globbed(String word) {
        return globbing.fields(word(word));
    }

    @Test
    void unquotedPatternCharactersExpandQuotedOnesDoNot() {
        assertEquals(List.of("a", "ab"), globbed("a*"));
        assertEquals(List.of("a*"), globbed("'a*'"));
        assertEquals(List.of("a*"), globbed("\"a*\""));
        assertEquals(List.of("a*"), globbed("a\\*"));
        assertEquals(List.of("b*"), globbed("b\\*"), "a quoted star matches only a star");
        assertEquals(List.of("b*"), globbed("b'*'"));
        assertEquals(List.of("c*"), globbed("c*"), "no match: the word stays as written");
        assertEquals(List.of("a", "ab"), globbed("$pat"), "an unquoted value's pattern characters count");
        assertEquals(List.of("a*"), globbed("\"$pat\""));
        assertEquals(List.of("a", "ab", "b"), globbed("$sp"), "each field after splitting");
        assertEquals(List.of("a*", "b"), globbed("\"$@\""));
        assertEquals(List.of("a", "ab", "b"), globbed("$@"));
        assertEquals(List.of(), globbed("$e"));
        assertEquals(List.of(".h"), globbed(".*"));
        assertEquals(List.of("a", "ab", "b*"), globbed("*"), "dotfiles only explicitly");
        assertEquals(List.of("a", "ab"), globbed("[a]*"));
        assertEquals(List.of("[a]*"), globbed("'[a]'*"));
    }

    @Test
    void assignmentsAreNotGlobbed() {
        Node.Simple s = (Node.Simple) Parser.parseAll("v=a*").get(0).items().get(0).pipelines().get(0)
                .commands().get(0);
        assertEquals("a*", globbing.string(s.assignments().get(0).value()));
    }
}
