package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * sh(1)'s case command end to end: patterns and alternatives, the first match wins, statuses, quoting in
 * patterns, nesting, FreeBSD's syntax errors, and a case typed over several lines at the interactive prompt.
 */
class ShCaseTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void theFirstItemWithAMatchingPatternRuns() {
        assertEquals("b\n", guest.shOut("case b in a) echo a;; b) echo b;; *) echo other;; esac"));
        assertEquals("other\n", guest.shOut("case zz in a) echo a;; b) echo b;; *) echo other;; esac"));
        assertEquals("first\n", guest.shOut("case x in x) echo first;; x) echo second;; esac"));
        assertEquals("y\n", guest.shOut("case y in x|y|z) echo y;; esac"), "alternatives");
        assertEquals("y\n", guest.shOut("case y in (x | y) echo y;; esac"), "a leading '(' and blanks around '|'");
        assertEquals("last\n", guest.shOut("case a in a) echo last; esac"), "the last ';;' may be left out");
        assertEquals("", guest.shOut("case a in esac"), "no items");
        assertEquals("", guest.shOut("case q in a) echo a;; esac"), "no match: nothing runs");
    }

    @Test
    void theStatusIsTheListsOrZero() {
        assertEquals("0\n", guest.shOut("false; case q in a) false;; esac; echo $?"), "no match: 0");
        assertEquals("1\n", guest.shOut("case a in a) false;; esac; echo $?"));
        assertEquals("0\n", guest.shOut("false; case a in a) ;; esac; echo $?"), "an empty list: 0");
    }

    @Test
    void patternsUseThePatternMatchingNotationOnTheWholeWord() {
        assertEquals("dev\n", guest.shOut("case /dev/null in /dev/*) echo dev;; esac"), "'/' is ordinary in case");
        assertEquals("dot\n", guest.shOut("case .profile in *profile) echo dot;; esac"), "and so is a leading '.'");
        assertEquals("digit\n", guest.shOut("case 7 in [0-9]) echo digit;; [a-z]) echo letter;; esac"));
        assertEquals("not\n", guest.shOut("case x in [!x]) echo in;; *) echo not;; esac"));
        assertEquals("three\n", guest.shOut("case abc in ?) echo one;; ???) echo three;; esac"));
        assertEquals("s\n", guest.shOut("case scull0 in s*0) echo s;; esac"));
        assertEquals("none\n", guest.shOut("touch /tmp/a; cd /tmp; case b in a*) echo a;; *) echo none;; esac"),
                "patterns are not expanded to pathnames");
    }

    @Test
    void quotedPatternCharactersAreLiteralButAParametersAreNot() {
        assertEquals("lit\n", guest.shOut("case '*' in '*') echo lit;; esac"));
        assertEquals("other\n", guest.shOut("case abc in '*') echo lit;; *) echo other;; esac"));
        assertEquals("other\n", guest.shOut("case abc in \"a*\") echo lit;; *) echo other;; esac"));
        assertEquals("other\n", guest.shOut("case abc in a\\*) echo lit;; *) echo other;; esac"));
        assertEquals("pat\n", guest.shOut("p='a*'; case abc in $p) echo pat;; esac"), "an unquoted value is a pattern");
        assertEquals("other\n", guest.shOut("p='a*'; case abc in \"$p\") echo lit;; *) echo other;; esac"));
        assertEquals("match\n", guest.shOut("v='a b'; case $v in 'a b') echo match;; esac"), "the word is not split");
        assertEquals("esac\n", guest.shOut("case esac in (esac) echo esac;; esac"), "after '(' esac is a pattern");
        assertEquals("in\n", guest.shOut("case in in in) echo in;; esac"));
    }

    @Test
    void caseNestsAndSpansLines() {
        assertEquals("1 is one\n2 is two\n3 is many\n", guest.shOut("for i in 1 2 3; do\n  case $i in\n"
                + "    1) echo $i is one\n"
                + "      ;;\n    2)\n      echo $i is two;;\n    *) echo $i is many ;;\n  esac\ndone"));
        assertEquals("yes\n", guest.shOut("if case a in a) true;; esac; then echo yes; fi"));
        assertEquals("inner\n", guest.shOut("case a in a) case b in b) echo inner;; esac;; esac"));
        assertEquals("A\n", guest.shOut("case a in\n# a comment\na)\necho A\n;;\nesac"));
        assertEquals("X\n", guest.shOut("case x in x) echo x;; esac | tr x X"), "in a pipeline");
        assertEquals("echo case esac\n", guest.shOut("echo echo case esac"), "reserved only in command position");
        assertEquals("b\n", guest.shOut("for i in a b; do case $i in a) continue;; esac; echo $i; done"));
    }

    @Test
    void syntaxErrorsAreWordedAsFreeBsdWordsThem() {
        guest.assertSyntaxError("\"esac\" unexpected", "esac");
        guest.assertSyntaxError("expecting \"in\"", "case x on a) ;; esac");
        guest.assertSyntaxError("newline unexpected (expecting word)", "case\nx in esac");
        guest.assertSyntaxError("word unexpected (expecting \")\")", "case x in a b) ;; esac");
        guest.assertSyntaxError("\")\" unexpected (expecting \";;\")", "case x in a) echo a;; b) echo b; c) ;; esac");
        guest.assertSyntaxError("\"fi\" unexpected (expecting \";;\")", "case x in a) echo a; fi");
        guest.assertSyntaxError("\";;\" unexpected (expecting \")\")", "case x in ;; esac");
        guest.assertSyntaxError("end of file unexpected (expecting \")\")", "case x in");
        guest.assertSyntaxError("\";;\" unexpected", "echo a;; echo b");
    }

    @Test
    void interactivelyAnUnfinishedCasePromptsForMore() {
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("case b in\n", "a) echo A;;\n", "b) echo B\n", ";;\n",
                "esac\n", "case x in x) echo x\n", "esac\n"), "sh");
        assertEquals("# > > > > B\n# > x\n# ", r.all());
    }
}
