package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * sh(1)'s compound commands end to end: if, while, until, for and { } groups, break and continue, a compound
 * command as an element of a pipeline or run with '&amp;', redirections of the whole, FreeBSD's statuses and syntax
 * errors, and commands that go on over several lines in a script and at the interactive prompt.
 */
class ShCompoundTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void ifTakesTheFirstBranchWhoseConditionHolds() {
        assertEquals("a\n", guest.sh("if true; then echo a; fi").out());
        assertEquals("b\n", guest.sh("if false; then echo a; elif true; then echo b; else echo c; fi").out());
        assertEquals("c\n", guest.sh("if false; then echo a; elif false; then echo b; else echo c; fi").out());
        assertEquals("1\n", guest.sh("if true; then false; fi; echo $?").out(), "the status is the branch's");
        assertEquals("0\n", guest.sh("if false; then echo no; fi; echo $?").out(), "no branch taken: 0");
        assertEquals("yes\n", guest.sh("if ! false && true; then echo yes; fi").out(), "a condition is a list");
        assertEquals("x\n", guest.sh("if true; then fi; echo x").out(), "an empty branch is allowed, as in FreeBSD");
    }

    @Test
    void whileAndUntilLoopOnTheirConditionsStatus() {
        assertEquals("a\naa\naaa\n", guest.sh("x=; while [ \"$x\" != aaa ]; do x=a$x; echo $x; done").out());
        assertEquals("b\nbb\n", guest.sh("x=; until [ \"$x\" = bb ]; do x=b$x; echo $x; done").out());
        assertEquals("0\n", guest.sh("false; while false; do :; done; echo $?").out(), "no pass: 0");
        assertEquals("1\n", guest.sh("x=; while [ -z \"$x\" ]; do x=1; false; done; echo $?").out(),
                "the last body's status");
    }

    @Test
    void forGoesOverItsWordsOrThePositionalParameters() {
        assertEquals("a\nb\nc\n", guest.sh("for i in a b c; do echo $i; done").out());
        assertEquals("1\n2\n3\n", guest.sh("v='1 2'; for i in $v 3; do echo $i; done").out(), "fields are split");
        assertEquals("x\ny z\n", guest.sh("set -- x 'y z'; for i; do echo \"$i\"; done").out());
        assertEquals("0\n", guest.sh("false; for i in; do echo no; done; echo $?").out());
        assertEquals("b\n", guest.sh("for i in a b; do :; done; echo $i").out(), "the variable keeps the last word");
        assertEquals("in do\n", guest.sh("for w in in do; do echo -n \"$w \"; done; echo").out().replace(" \n", "\n"),
                "after 'in' reserved words are words");
    }

    @Test
    void groupsRunInTheShellItself() {
        assertEquals("a\nb\n", guest.sh("{ echo a; echo b; }").out());
        assertEquals("1\n", guest.sh("{ x=1; }; echo $x").out(), "not a subshell");
        assertEquals("1\n1\n", guest.sh("false; { echo $?; }; false; for i in 1; do echo $?; done").out(),
                "$? inside is the status before, until a command of its own runs");
        assertEquals("} {\n", guest.sh("echo } {").out(), "reserved only in command position");
        assertEquals("sh: if: not found\n", guest.sh("\"if\" true").err(), "quoted, a reserved word is a word");
    }

    @Test
    void compoundCommandsNest() {
        Guest.Run r = guest.sh("for i in 1 2; do for j in a b; do if [ $j = a ]; then echo $i$j; "
                + "else { echo -n $i; echo $j; }; fi; done; done");
        assertEquals("1a\n1b\n2a\n2b\n", r.out());
        r = guest.sh("x=; while [ \"$x\" != ii ]; do x=i$x; for k in 1 2; do echo $x$k; done; done");
        assertEquals("i1\ni2\nii1\nii2\n", r.out());
    }

    @Test
    void breakAndContinueLeaveOrResumeTheNthLoop() {
        assertEquals("1\n", guest.sh("for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done").out());
        assertEquals("1\n3\n", guest.sh("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done").out());
        assertEquals("a1\nb1\n", guest.sh("for i in a b; do for j in 1 2; do if [ $j = 2 ]; then continue 2; fi; "
                + "echo $i$j; done; echo never; done").out());
        assertEquals("a1\nafter\n", guest.sh("for i in a b; do for j in 1 2; do echo $i$j; break 2; done; done; "
                + "echo after").out());
        assertEquals("once\n0\n", guest.sh("while true; do echo once; break 7; done; echo $?").out(),
                "more levels than loops leave them all");
        assertEquals("0\nhere\n", guest.sh("break; continue; echo $?; echo here").out(), "outside a loop: nothing");
        Guest.Run bad = guest.sh("for i in 1; do break x; echo $?; done");
        assertEquals("break: Illegal number: x\n", bad.err());
        assertEquals("2\n", bad.out());
    }

    @Test
    void aCompoundCommandInAPipelineRunsInAChildShell() {
        assertEquals("1\n2\n3\n", guest.sh("for i in 1 2 3; do echo $i; done | cat").out());
        assertEquals("       2\n", guest.sh("for i in 1 2; do echo $i; done | wc -l").out());
        assertEquals("hi\nend\n", guest.sh("echo hi | { cat; echo end; }").out());
        assertEquals("5 p sh\n", guest.sh("x=5; set -- p q; for i in 1; do echo $x $1 $0; done | cat").out(),
                "the child sees the shell's variables, parameters and $0");
        assertEquals("3\n", guest.sh("true | if false; then :; else exit 3; fi; echo $?").out(),
                "the last element's status is the pipeline's; its exit ends only the child");
        assertEquals("unchanged\n", guest.sh("y=unchanged; echo | { y=changed; }; echo $y").out());
    }

    @Test
    void aCompoundCommandRunsAsynchronouslyWithAnd() {
        assertEquals("1\n2\ndone\n", guest.sh("for i in 1 2; do echo $i; done & wait; echo done").out());
        assertEquals("first\nlate\n", guest.sh("{ sleep 1; echo late; } & echo first; wait").out());
        assertEquals("a\n", guest.sh("for i in 1; do echo a & wait; done").out(), "and inside one");
    }

    @Test
    void redirectionsAfterACompoundCommandApplyToTheWhole() {
        Guest.Run r = guest.sh("for i in 1 2; do echo $i; /bin/echo x$i; done > /tmp/f; echo after; cat /tmp/f");
        assertEquals("after\n1\nx1\n2\nx2\n", r.out(), "builtins and children alike; stdout put back after");
        r = guest.sh("{ echo out; echo err 1>&2; } 2>&1 >/tmp/g; cat /tmp/g");
        assertEquals("err\nout\n", r.out());
        assertEquals("", r.err());
        r = guest.sh("if true; then echo one; fi >> /tmp/g; while false; do :; done >>/tmp/g; cat /tmp/g");
        assertEquals("one\n", guest.files.get("/tmp/g").replace("out\n", ""));
        guest.files.put("/tmp/in", "line\n");
        assertEquals("line\n", guest.sh("{ cat; } < /tmp/in").out());
        r = guest.sh("{ echo no; } < /nosuch; echo $?");
        assertEquals("sh: cannot open /nosuch: No such file or directory\n", r.err());
        assertEquals("2\n", r.out());
    }

    @Test
    void setEActsInsideButNotOnConditions() {
        assertEquals("ok\n", guest.sh("set -e; if false; then :; fi; while false; do :; done; echo ok").out());
        Guest.Run r = guest.sh("set -e; for i in 1; do false; echo no; done; echo no");
        assertEquals("", r.out());
        assertEquals(1, r.exitCode());
        assertEquals("ok\n", guest.sh("set -e; { false && true; }; echo ok").out());
    }

    @Test
    void syntaxErrorsAreWordedAsFreeBsdsSh() {
        guest.assertSyntaxError("\"fi\" unexpected", "fi");
        guest.assertSyntaxError("\"done\" unexpected", "echo a; done");
        guest.assertSyntaxError("\"fi\" unexpected (expecting \"then\")", "if true; fi");
        guest.assertSyntaxError("\"fi\" unexpected", "if true; then echo; fi fi");
        guest.assertSyntaxError("word unexpected", "if true; then echo; fi foo");
        guest.assertSyntaxError("\"then\" unexpected", "if then echo; fi");
        guest.assertSyntaxError("\";\" unexpected", "while; do :; done");
        guest.assertSyntaxError("Bad for loop variable", "for 1 in a; do :; done");
        guest.assertSyntaxError("end of file unexpected (expecting \"fi\")", "if true; then echo a");
        guest.assertSyntaxError("end of file unexpected (expecting \"}\")", "{ echo a }");
        guest.assertSyntaxError("end of file unexpected", "for i in a b");
        guest.assertSyntaxError("word unexpected", "for i in a b; echo $i; done");
        guest.assertSyntaxError("word unexpected (expecting \"done\")", "while true; do { :; } x; done");
        guest.assertSyntaxError("\"}\" unexpected", "}");
    }

    @Test
    void aScriptsCompoundCommandGoesOnOverLinesAndAnErrorGivesItsLine() {
        guest.files.put("/tmp/s.sh", """
                for i in 1 2
                do
                    # a comment
                    if [ $i = 1 ]
                    then
                        echo one
                    else
                        echo other
                    fi
                done
                echo end
                while true
                do echo x; done done
                """);
        Guest.Run r = guest.run("sh", "/tmp/s.sh");
        assertEquals("one\nother\nend\n", r.out());
        assertEquals("/tmp/s.sh: 13: Syntax error: \"done\" unexpected\n", r.err());
        guest.files.put("/tmp/t.sh", "for i in 1\ndo echo $i\n");
        assertEquals("/tmp/t.sh: 3: Syntax error: end of file unexpected (expecting \"done\")\n",
                guest.run("sh", "/tmp/t.sh").err());
    }

    @Test
    void interactivelyAnUnfinishedCompoundCommandPromptsForMore() {
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("for i in 1 2\n", "do echo $i\n", "done\n", "fi\n",
                "if true\n", "then echo ok; fi\n"), "sh");
        assertEquals("# > > 1\n2\n# sh: Syntax error: \"fi\" unexpected\n# > ok\n# ", r.all());
    }
}
