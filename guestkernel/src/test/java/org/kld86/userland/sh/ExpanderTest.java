package org.kld86.userland.sh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word expansion: parameters, field splitting of unquoted values only, quote removal, tilde. */
class ExpanderTest {

    private final Map<String, String> vars = Map.of("x", "1", "sp", " a  b ", "HOME", "/root", "e", "", "q", "?", "ab", "a b");
    private final Expander ex = new Expander(vars::get, List.of("p1", "p 2"));

    private List<String> fields(String word) {
        Node.Simple s = (Node.Simple) Parser.parseAll("cmd " + word).get(0).items().get(0).pipelines().get(0)
                .commands().get(0);
        return ex.fields(s.words().get(1));
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
}
