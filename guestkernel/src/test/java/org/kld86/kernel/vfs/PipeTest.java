package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;

/** Pipes between processes: blocking, end of file, a full buffer, EPIPE and SIGPIPE, non-blocking ends. */
class PipeTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private String run(String... args) {
        int mark = g.tty().length();
        assertEquals(0, g.run(Ucred.root(), "/bin/pipeprobe", args));
        return g.tty().substring(mark);
    }

    @Test
    void aReaderOfAnEmptyPipeSleepsUntilTheWriterWritesAndThenSeesEndOfFile() {
        assertEquals("parent: reading\nchild: writing\nparent: read=4:ping\nparent: then read=0\n", run("reader"),
                "the parent printed 'reading' before its child ran, and read only after the child wrote");
    }

    @Test
    void aWriterOfMoreThanThePipeHoldsSleepsUntilTheReaderMakesRoom() {
        run("stat"); // a first run makes what every process after it reuses
        long free = g.freePages();
        assertEquals("parent: wrote 20000\nchild: read 20000 then 0\n", run("full"),
                "the write of more than the buffer returned only once the child had read; the child saw the end after");
        assertEquals(free, g.freePages(), "the 16 KiB buffer went back when both ends closed");
    }

    @Test
    void nonBlockingEndsAnswerEagainInsteadOfSleeping() {
        assertEquals("empty read=-35\nbig write=16384\nfull write=-35\nread=100\nsmall write=10\n", run("nonblock"),
                "a short write takes what fits; a small one waits for room for all of itself");
    }

    @Test
    void writingToAPipeWithNoReaderIsEpipeAndSigpipe() {
        int mark = g.tty().length();
        int status = g.run(Ucred.root(), "/bin/pipeprobe", "epipe");
        assertEquals(ProcTable.SIGPIPE, status, "killed by SIGPIPE, no core (so no console line)");
        assertEquals("writing to a pipe nobody reads\n", g.tty().substring(mark));
        assertFalse(g.kernel.console().dmesg().contains("exited on signal 13"));
    }

    @Test
    void aSignalEndsTheSleepOfABlockedReader() {
        Proc p = g.spawn(Ucred.root(), "/bin/pipeprobe", "block");
        while (p.thread().state() != KThread.State.SLEEPING) {
            g.kernel.scheduler().yield();
        }
        assertEquals("piperd", p.thread().wmesg());
        assertEquals(0, g.kernel.procs().kill(p.pid(), ProcTable.SIGTERM));
        assertEquals(ProcTable.SIGTERM, g.kernel.procs().waitDetached(p));
        assertTrue(g.tty().endsWith("blocking\n"), "the read did not return to the program: " + g.tty());
    }

    @Test
    void aPipeIsAFifoThatCannotSeekAndItsEndsGoOneWay() {
        assertEquals("r: mode=10000 size=3\nw: mode=10000 size=3\nlseek=-29\nread on write end=-9\n", run("stat"));
    }
}
