package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** sh's test and [ builtins: FreeBSD's bin/test/test.c grammar, file tests on stat(2), statuses and messages. */
class ShTestBuiltinTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    /** The statuses of each expression, one a line. */
    private String statuses(String... exprs) {
        StringBuilder script = new StringBuilder();
        for (String e : exprs) {
            script.append(e).append("; echo $?; ");
        }
        return guest.sh(script.toString()).out();
    }

    @Test
    void stringsAndTheOneArgumentForm() {
        assertEquals("1\n1\n0\n0\n1\n0\n", statuses("test", "test ''", "test x", "[ x ]", "[ ]", "[ -n ]"));
        assertEquals("0\n1\n1\n0\n0\n1\n", statuses("[ a = a ]", "[ a = b ]", "[ a != a ]", "[ -z '' ]",
                "[ -n x ]", "[ -n '' ]"));
    }

    @Test
    void integers() {
        assertEquals("0\n0\n1\n0\n1\n0\n0\n", statuses("[ 1 -eq 01 ]", "[ ' 2 ' -ne 3 ]", "[ 3 -lt 3 ]",
                "[ 3 -le 3 ]", "[ -1 -gt 0 ]", "[ -1 -ge -2 ]", "test 10 -gt 9"));
        Guest.Run r = guest.sh("[ 1 -eq x ]; echo $?; test '' -lt 1; echo $?");
        assertEquals("[: x: bad number\ntest: : bad number\n", r.err());
        assertEquals("2\n2\n", r.out());
        assertEquals("test: 99999999999999999999: out of range\n", guest.sh("test 99999999999999999999 -eq 1").err());
    }

    @Test
    void notAndOrAndParentheses() {
        assertEquals("0\n1\n0\n0\n0\n0\n", statuses("[ ! a = b ]", "[ a = a -a b = c ]", "[ a = a -o b = c ]",
                "[ ! '' ]", "[ \\( a = b \\) -o c ]", "test ! -f /nosuch"));
        assertEquals("0\n", statuses("[ ! '' -o '' ]"), "four words starting with !: the ! negates the rest");
        assertEquals("0\n1\n", statuses("[ -f = -f ]", "[ ! -n ]"), "operators taken as operands where they must be");
    }

    @Test
    void errorsAreStatusTwoWithTestsMessages() {
        Guest.Run r = guest.sh("[ a = a; echo $?; test a -eq; echo $?; test \\( a; echo $?; [ a b ]; echo $?");
        assertEquals("[: missing ]\ntest: -eq: argument expected\ntest: closing paren expected\n"
                + "[: a: unexpected operator\n", r.err());
        assertEquals("2\n2\n2\n2\n", r.out());
    }

    @Test
    void fileTypesAndSizes() {
        guest.files.put("/tmp/f", "x");
        guest.files.put("/tmp/empty", "");
        assertEquals("0\n0\n1\n0\n0\n1\n0\n1\n1\n1\n1\n1\n", statuses("[ -e /tmp/f ]", "[ -f /tmp/f ]",
                "[ -d /tmp/f ]", "[ -d /tmp ]", "[ -c /dev/null ]", "[ -f /dev/null ]", "[ -s /tmp/f ]",
                "[ -s /tmp/empty ]", "[ -e /nosuch ]", "[ -p /tmp/f ]", "[ -h /tmp/f ]", "[ -L /tmp/f ]"));
    }

    @Test
    void accessIsJudgedAgainstTheCallersIds() {
        guest.files.put("/tmp/ro", "x");
        guest.files.put("/tmp/tool", "x");
        guest.sh("chmod 600 /tmp/ro; chmod 755 /tmp/tool");
        assertEquals("0\n0\n1\n0\n0\n", statuses("[ -r /tmp/ro ]", "[ -w /tmp/ro ]", "[ -x /tmp/ro ]",
                "[ -x /tmp/tool ]", "[ -x /tmp ]"), "root: any read and write, execute with an x bit");
        Guest.Run user = guest.runAs(Ucred.user(), "sh", "-c",
                "for t in '-r /tmp/ro' '-w /tmp/ro' '-r /tmp/tool' '-w /tmp/tool' '-x /tmp/tool'; do "
                        + "test $t; echo $?; done");
        assertEquals("1\n1\n0\n1\n0\n", user.out(), "others: the other bits");
    }

    @Test
    void newerOlderAndTerminals() {
        guest.sh("touch -t 202001010000 /tmp/old; touch -t 202101010000 /tmp/new");
        assertEquals("0\n1\n0\n1\n", statuses("[ /tmp/new -nt /tmp/old ]", "[ /tmp/old -nt /tmp/new ]",
                "[ /tmp/old -ot /tmp/new ]", "[ /tmp/new -nt /nosuch ]"));
        assertEquals("0\n1\n", statuses("[ -t 1 ]", "[ -t 0 ] < /dev/null"));
        assertEquals("test: x: bad number\n", guest.sh("test -t x").err());
        assertEquals("1\n", guest.sh("{ [ -t 1 ]; echo $?; } | cat").out(),
                "in a pipeline it runs in a child whose stdout is the pipe");
    }
}
