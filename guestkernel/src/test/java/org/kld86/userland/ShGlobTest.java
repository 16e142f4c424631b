package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sh(1)'s pathname expansion end to end: patterns in /dev and in trees made under /tmp, several components,
 * dotfiles, brackets, sorting, words that match nothing or are quoted, and patterns held in parameters.
 */
class ShGlobTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void aStarExpandsToTheSortedNamesItMatches() {
        assertEquals("/dev/full /dev/null /dev/zero\n", guest.shOut("echo /dev/*"));
        assertEquals("/dev/null\n", guest.shOut("ls /dev/n*"));
        assertEquals("B a b c\n", guest.shOut("cd /tmp && touch c a b B && echo *"), "byte order: upper case first");
        assertEquals("a1 a2 a10\n", guest.shOut("cd /tmp && touch a10 a2 a1 && echo a? a??"));
    }

    @Test
    void aPatternThatMatchesNothingStaysAsWritten() {
        assertEquals("/dev/nothing*\n", guest.shOut("echo /dev/nothing*"));
        assertEquals("/tmp/*\n", guest.shOut("echo /tmp/*"), "an empty directory");
        assertEquals("/nodir/*/x\n", guest.shOut("echo /nodir/*/x"));
        Guest.Run r = guest.sh("cat /tmp/nope*");
        assertEquals("cat: /tmp/nope*: No such file or directory\n", r.err());
    }

    @Test
    void quotedPatternCharactersAreLiteral() {
        String make = "cd /tmp && touch ab ac 'a*' && ";
        assertEquals("a* ab ac\n", guest.shOut(make + "echo a*"));
        assertEquals("a*\n", guest.shOut(make + "echo 'a*'"));
        assertEquals("a*\n", guest.shOut(make + "echo \"a*\""));
        assertEquals("a*\n", guest.shOut(make + "echo a\\*"));
        assertEquals("a*\n", guest.shOut(make + "ls a\\*"), "the quoted star matches the file named a*");
        assertEquals("a[b]\n", guest.shOut(make + "echo 'a[b]'"));
        assertEquals("ab\n", guest.shOut(make + "echo a[b]"));
    }

    @Test
    void aLeadingDotMustBeMatchedExplicitly() {
        String make = "cd /tmp && touch .hidden .h2 shown && ";
        assertEquals("shown\n", guest.shOut(make + "echo *"));
        assertEquals(".h2 .hidden\n", guest.shOut(make + "echo .*"), "never . and ..");
        assertEquals(".hidden\n", guest.shOut(make + "echo .h?dden"));
        assertEquals("?hidden\n", guest.shOut(make + "echo ?hidden"));
        assertEquals("[.]hidden\n", guest.shOut(make + "echo [.]hidden"), "not by a bracket expression");
    }

    @Test
    void bracketExpressionsRangesAndNegation() {
        String make = "cd /tmp && touch f1 f2 f3 fa fb && ";
        assertEquals("f1 f3\n", guest.shOut(make + "echo f[13]"));
        assertEquals("f1 f2 f3\n", guest.shOut(make + "echo f[0-9]"));
        assertEquals("fa fb\n", guest.shOut(make + "echo f[!0-9]"));
        assertEquals("fa fb\n", guest.shOut(make + "echo f[^0-9]"));
        assertEquals("f2 fb\n", guest.shOut(make + "echo f[2b]"));
        assertEquals("f[\n", guest.shOut(make + "echo f["), "an unclosed bracket is literal");
    }

    @Test
    void patternsInSeveralComponents() {
        guest.shOut("mkdir /tmp/a /tmp/b /tmp/c && touch /tmp/a/x1 /tmp/b/x2 /tmp/b/y /tmp/c/z");
        assertEquals("/tmp/a/x1 /tmp/b/x2\n", guest.shOut("echo /tmp/*/x*"));
        assertEquals("/tmp/b/y\n", guest.shOut("echo /tmp/*/y"), "a literal last component must exist");
        assertEquals("/tmp/a/ /tmp/b/ /tmp/c/\n", guest.shOut("touch /tmp/f; echo /tmp/*/"), "directories only");
        assertEquals("a/x1 b/x2\n", guest.shOut("cd /tmp && echo */x?"));
        assertEquals("/tmp/b/x2 /tmp/b/y\n", guest.shOut("echo /t?p/[b]/*"));
    }

    @Test
    void aParameterMayHoldAPattern() {
        String make = "cd /tmp && touch s0 s1 && ";
        assertEquals("s0 s1\n", guest.shOut(make + "p='s*'; echo $p"));
        assertEquals("s*\n", guest.shOut(make + "p='s*'; echo \"$p\""));
        assertEquals("s*\n", guest.shOut(make + "x=s*; echo \"$x\""), "an assignment's value is not expanded");
        assertEquals("s0 s1 q\n", guest.shOut(make + "set -- 's* q'; echo $1"), "split, then each field expanded");
        assertEquals("s0\ns1\n", guest.shOut(make + "for f in s*; do echo $f; done"));
        assertEquals("hi\n", guest.shOut(make + "echo hi > s*; cat 's*'"), "nor a redirection's target");
    }
}
