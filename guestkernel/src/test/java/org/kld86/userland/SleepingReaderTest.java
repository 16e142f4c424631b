package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The way a driver whose read sleeps is tried from the shell: a reader in the background, a writer in the
 * foreground, wait to collect the reader; and kill for a reader that sleeps with PCATCH.
 */
class SleepingReaderTest {

    private final Guest guest = new Guest();

    SleepingReaderTest() {
        guest.module("pipe.ko", "pipe.Pipe", """
                package pipe;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Conf.*;
                import static org.kld86.kpi.Errno.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Malloc.*;
                import static org.kld86.kpi.Sleep.*;
                import static org.kld86.kpi.Uio.*;
                @DevModule(name = "pipe")
                public final class Pipe implements ModuleEventHandler {
                    static final int SIZE = 256;
                    static final MallocType M_PIPE = MallocType.define("pipebuf", "pipe driver buffer");
                    static final Object softc = new Object();
                    static final Cdevsw sw = new Cdevsw().d_version(D_VERSION).d_read(Pipe::rd).d_write(Pipe::wr)
                            .d_name("pipe");
                    static Cdev dev;
                    static long buf;
                    static int len;
                    static int wr(Cdev d, Uio uio, int ioflag) {
                        int n = (int) Math.min(uio.uio_resid, SIZE - len);
                        int e = uiomove(buf + len, n, uio);
                        if (e == 0) {
                            len += n;
                            wakeup(softc);
                        }
                        return e;
                    }
                    static int rd(Cdev d, Uio uio, int ioflag) {
                        while (len == 0) {
                            int e = tsleep(softc, PRIBIO | PCATCH, "piperd", 0);
                            if (e != 0) {
                                return e;
                            }
                        }
                        int n = (int) Math.min(uio.uio_resid, len);
                        int e = uiomove(buf, n, uio);
                        for (int i = n; i < len; i++) {
                            Mem.write8(buf + i - n, Mem.read8(buf + i));
                        }
                        len -= n;
                        return e;
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD:
                            buf = malloc(SIZE, M_PIPE, M_WAITOK);
                            dev = make_dev(sw, 0, UID_ROOT, GID_WHEEL, 0666, "pipe");
                            return 0;
                        case MOD_UNLOAD:
                            destroy_dev(dev);
                            free(buf, M_PIPE);
                            return 0;
                        default:
                            return EOPNOTSUPP;
                        }
                    }
                }
                """);
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void aBackgroundReaderSleepsUntilTheWriterWakesIt() {
        Guest.Run r = guest.run("sh", "-c", "kldload pipe; head -c 6 /dev/pipe > /tmp/got & "
                + "ps -l | grep -c ' [p]iperd '; echo hello > /dev/pipe; wait $!; echo $?; cat /tmp/got");
        assertEquals("1\n0\nhello\n", r.out(), "ps showed the reader asleep on piperd; the write woke it");
    }

    @Test
    void killEndsAReaderSleepingWithPcatch() {
        Guest.Run r = guest.run("sh", "-c", "kldload pipe; cat /dev/pipe & kill $!; wait $!; echo $?; kldunload pipe;"
                + " echo $?");
        assertEquals("143\n0\n", r.out(), "SIGTERM interrupted tsleep; nothing keeps the driver busy after");
    }
}
