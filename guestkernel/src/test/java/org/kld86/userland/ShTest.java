package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * sh(1) end to end: commands spawned from /bin, statuses, variables and quoting, the builtins, and the messages
 * and statuses of FreeBSD's sh (127 not found, 128 + signal with sys_siglist's text on stdout).
 */
class ShTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void runsProgramsFromBinWithTheirArguments() {
        Guest.Run r = guest.sh("/bin/echo one; echo two");
        assertEquals("one\ntwo\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void umaskIsInheritedAndMasksWhatIsCreated() {
        assertEquals("0022\nu=rwx,g=rx,o=rx\n", guest.sh("umask; umask -S").out(), "CMASK for the first process");
        Guest.Run r = guest.sh("umask 077; umask; touch /tmp/f; mkdir /tmp/d; ls -ld /tmp/f /tmp/d | cut -c1-10");
        assertEquals("0077\ndrwx------\n-rw-------\n", r.out(), "the children created with the shell's mask");
        Guest.Run bad = guest.sh("umask 8");
        assertEquals("umask: Illegal number: 8\n", bad.err());
        assertEquals(2, bad.exitCode());
    }

    @Test
    void anAsynchronousListRunsWhileTheShellGoesOnAndWaitCollectsIt() {
        Guest.Run r = guest.sh("sleep 1 & echo started; kill -0 $!; echo $?; wait; echo $?; kill -0 $! 2>/dev/null; echo $?");
        assertEquals("started\n0\n0\n1\n", r.out(), "the shell did not wait for sleep (kill -0 finds it); wait did");
        r = guest.sh("sleep 5 & kill $!; wait $!; echo $?");
        assertEquals("143\n", r.out(), "a killed job's status is kept for wait even once reaped: 128 + SIGTERM");
        r = guest.sh("false && echo no || exit 3 & wait $!; echo $?");
        assertEquals("3\n", r.out(), "an and-or list runs in a subshell whose status wait gives");
        assertEquals("127\n", guest.sh("wait 4242; echo $?").out(), "not a child");
        assertEquals("x=5 1=a\n", guest.sh("x=5; set -- a b; true && echo \"x=$x 1=$1\" & wait").out(),
                "the subshell of an and-or list sees the shell's variables and parameters");
        assertEquals("\n", guest.sh("echo $!").out(), "no job started yet");
    }

    @Test
    void anAsynchronousListReadsDevNullNotTheShellsInput() {
        Guest.Run r = guest.runTyped(org.kld86.kernel.proc.Ucred.root(), java.util.List.of("typed\n"), "sh", "-c",
                "cat & wait; cat");
        assertEquals("typed\n", r.out(), "the background cat read /dev/null; the typed line was left for the second");
    }

    @Test
    void statusAndAndOrLists() {
        assertEquals("1\n0\n", guest.sh("false; echo $?; true; echo $?").out());
        assertEquals("yes\n", guest.sh("true && echo yes || echo no").out());
        assertEquals("no\n", guest.sh("false && echo yes || echo no").out());
        assertEquals(1, guest.sh("false").exitCode(), "the last command's status is the shell's");
        assertEquals("0\n", guest.sh("! false; echo $?").out());
    }

    @Test
    void anUnknownCommandIsNotFoundWith127() {
        Guest.Run r = guest.sh("nosuch arg; echo $?");
        assertEquals("sh: nosuch: not found\n", r.err());
        assertEquals("127\n", r.out());
        assertEquals(127, guest.sh("nosuch").exitCode());
    }

    @Test
    void variablesQuotingAndExpansion() {
        assertEquals("hello world\n", guest.sh("x=hello; echo $x world").out());
        assertEquals("$x ${x}\n", guest.sh("x=1; echo '$x' \\${x}").out());
        assertEquals("a  b\n", guest.sh("v='a  b'; echo \"$v\"").out());
        assertEquals("a b\n", guest.sh("v='a  b'; /bin/echo $v").out(), "unquoted, the value is split into two arguments");
        assertEquals("[]\n", guest.sh("echo \"[$unset]\"").out());
        assertEquals("# not a comment\n", guest.sh("echo '#' not a comment # but this is").out());
    }

    @Test
    void dollarDollarIsTheShellsPidAndDollarZeroItsName() {
        assertEquals("1 sh\n", guest.sh("echo $$ $0").out(), "the shell is the first process of this kernel");
        assertEquals("myname a b\n", guest.run("sh", "-c", "echo $0 $1 $2", "myname", "a", "b").out());
    }

    @Test
    void anAssignmentBeforeACommandIsOnlyInItsEnvironment() {
        // kenv is no help here; the environment shows through a program that prints it: sh itself.
        assertEquals("inner\n[]\n", guest.sh("x=inner sh -c 'echo $x'; echo \"[$x]\"").out());
        assertEquals("exported\n", guest.sh("export y=exported; sh -c 'echo $y'").out());
        assertEquals("[]\n", guest.sh("z=plain; sh -c 'echo \"[$z]\"'").out(), "not exported");
    }

    @Test
    void exitEndsTheShellWithItsStatus() {
        Guest.Run r = guest.sh("echo before; exit 3; echo after");
        assertEquals("before\n", r.out());
        assertEquals(3, r.exitCode());
        assertEquals(1, guest.sh("false; exit").exitCode(), "exit alone keeps the last status");
        Guest.Run bad = guest.sh("exit x");
        assertEquals("exit: Illegal number: x\n", bad.err());
    }

    @Test
    void setEStopsAtTheFirstFailureButNotInsideAnAndOrList() {
        Guest.Run r = guest.sh("set -e; false && true; echo reached; false; echo not reached");
        assertEquals("reached\n", r.out());
        assertEquals(1, r.exitCode());
        assertEquals("on\n", guest.run("sh", "-e", "-c", "true; echo on").out());
    }

    @Test
    void setXTracesEachCommandOnStderr() {
        Guest.Run r = guest.sh("set -x; echo 'a b' c");
        assertEquals("+ echo 'a b' c\n", r.err());
        assertEquals("a b c\n", r.out());
    }

    @Test
    void aCommandKilledBySignalElevenIsSegmentationFaultAnd139() {
        Guest.Run r = guest.sh("poke null; echo $?");
        assertEquals("Segmentation fault\n139\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aSyntaxErrorEndsANonInteractiveShellWithTwoAfterWhatCameBefore() {
        Guest.Run r = guest.sh("echo first\n| echo second");
        assertEquals("first\n", r.out());
        assertEquals("sh: Syntax error: \"|\" unexpected\n", r.err());
        assertEquals(2, r.exitCode());
        assertEquals("sh: Syntax error: Unterminated quoted string\n", guest.sh("echo 'open").err());
    }

    @Test
    void theInteractiveShellPromptsWithHashForRootAndDollarOtherwise() {
        Guest.Run root = guest.runTyped(Ucred.root(), List.of("echo hi\n", "false\n"), "sh");
        assertEquals("# hi\n# # ", root.all());
        assertEquals(1, root.exitCode(), "at end of input the status is the last command's");
        Guest.Run user = guest.runTyped(Ucred.user(), List.of("echo hi\n"), "sh");
        assertEquals("$ hi\n$ ", user.all());
    }

    @Test
    void interactivelyAnOpenQuoteContinuesOnTheNextLineAndASyntaxErrorLosesOnlyItsLine() {
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("echo 'a\n", "b'\n", "| x\n", "echo ok\n"), "sh");
        assertEquals("# > a\nb\n# sh: Syntax error: \"|\" unexpected\n# ok\n# ", r.all());
    }

    @Test
    void cdToAMissingDirectoryIsTheBuiltinsMessageWithStatusTwo() {
        Guest.Run r = guest.sh("cd /nonexistent; echo $?");
        assertEquals("2\n", r.out());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().matches("cd: /nonexistent: [A-Z][a-z ]+\n"), r.err());
    }

    @Test
    void pipelinesConnectEachCommandsOutputToTheNextsInput() {
        assertEquals("hello\n", guest.sh("echo hello | cat").out(), "a builtin in a pipeline runs in a child shell");
        assertEquals("     1\ta b\n", guest.sh("/bin/echo a b | cat | cat -n").out());
        assertEquals("0\n1\n", guest.sh("false | true; echo $?; true | false; echo $?").out(),
                "a pipeline's status is its last command's");
        assertEquals("1\n", guest.sh("! echo x | cat > /tmp/x; echo $?").out());
    }

    @Test
    void outputRedirectionsCreateTruncateAndAppend() {
        Guest.Run r = guest.sh("echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; echo after");
        assertEquals("one\ntwo\nafter\n", r.out(), "the shell's own stdout is put back after the builtin");
        assertEquals("one\ntwo\n", guest.files.get("/tmp/f"));
        guest.sh("/bin/echo again > /tmp/f");
        assertEquals("again\n", guest.files.get("/tmp/f"));
    }

    @Test
    void descriptorDuplication() {
        Guest.Run r = guest.sh("echo to-err 1>&2; cat /nosuch 2>&1");
        assertEquals("to-err\n", r.err());
        assertEquals("cat: /nosuch: No such file or directory\n", r.out());
    }

    @Test
    void notFoundGoesWhereTheCommandsStderrGoes() {
        Guest.Run r = guest.sh("nosuch 2> /tmp/err; echo $?; cat /tmp/err");
        assertEquals("127\nsh: nosuch: not found\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheCommandWithTwo() {
        Guest.Run r = guest.sh("cat < /nosuch; echo $?");
        assertEquals("sh: cannot open /nosuch: No such file or directory\n", r.err());
        assertEquals("2\n", r.out());
    }

    @Test
    void aScriptFileRunsCommandByCommand() {
        guest.files.put("/tmp/s.sh", "echo first $1\n# a comment\nfalse\necho status $?\n| broken\necho never\n");
        Guest.Run r = guest.run("sh", "/tmp/s.sh", "arg");
        assertEquals("first arg\nstatus 1\n", r.out());
        assertEquals("/tmp/s.sh: 5: Syntax error: \"|\" unexpected\n", r.err());
        assertEquals(2, r.exitCode());
        Guest.Run missing = guest.run("sh", "/tmp/nosuch.sh");
        assertEquals("sh: cannot open /tmp/nosuch.sh: No such file or directory\n", missing.err());
        assertEquals(127, missing.exitCode());
    }

    @Test
    void aLongScriptIsReadWholeAndAnUnreadableOneIsEmpty() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            script.append("x=").append(i).append('\n');
        }
        guest.files.put("/tmp/long.sh", script.append("echo $x\n").toString());
        assertEquals("1999\n", guest.run("sh", "/tmp/long.sh").out());
        Guest.Run r = guest.run("sh", "/tmp");
        assertEquals("", r.all(), "a read that fails is the end of the script, as preadfd() takes it");
        assertEquals(0, r.status());
    }
}
