package org.kld86.kernel.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Ucred;

/** kern.proc.all: the header and one record a process, in the layout the class comment draws. */
class ProcSysctlsTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private ByteBuffer table() {
        byte[] b = ((Sysctl.OpaqueNode) g.kernel.sysctl().lookup("kern.proc.all")).getter().get();
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String str(ByteBuffer b, int at, int size) {
        byte[] f = new byte[size];
        b.get(at, f);
        int n = 0;
        while (n < size && f[n] != 0) {
            n++;
        }
        return new String(f, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aSleepingProcessRecord() {
        g.install("/bin/nap", "org.kld86.userland.test.Nap");
        Proc p = g.spawn(Ucred.user(), "/bin/nap", "100", "0");
        g.kernel.scheduler().yield();
        ByteBuffer b = table();
        assertEquals(1, b.getInt(0), "version");
        assertEquals(1, b.getInt(4), "one process");
        assertEquals(364, b.getInt(8), "record size");
        assertEquals(16 + 364, b.limit());
        int r = 16;
        assertEquals(p.pid(), b.getInt(r));
        assertEquals(0, b.getInt(r + 4), "no parent");
        assertEquals(1001, b.getInt(r + 8));
        assertEquals(1001, b.getInt(r + 12));
        assertEquals('S', b.get(r + 16), "asleep, interruptibly");
        assertEquals(3, b.get(r + 17), "a session leader with a terminal");
        assertTrue(b.getLong(r + 24) > 0 && b.getLong(r + 24) <= g.machine.clock().nanos(), "started after boot");
        assertTrue(b.getLong(r + 32) > 0, "it ran a little before it slept");
        assertTrue(b.getLong(r + 40) >= 8L << 20, "the 8 MiB stack region at least: " + b.getLong(r + 40));
        assertTrue(b.getLong(r + 48) > 0, "resident pages");
        assertEquals("", str(b, r + 56, 16), "this terminal has no device node");
        assertEquals("nanslp", str(b, r + 72, 16));
        assertEquals("nap", str(b, r + 88, 20));
        byte[] args = new byte[256];
        b.get(r + 108, args);
        assertEquals("/bin/nap\0" + "100\0" + "0\0", new String(args, 0, 15, StandardCharsets.ISO_8859_1));
        g.kernel.procs().kill(p.pid(), 15);
        g.kernel.procs().waitDetached(p);
    }

    @Test
    void aZombieHasNoMemoryAndARunnerIsR() {
        Proc p = g.spawn(Ucred.root(), "/bin/fsops", "getcwd");
        ByteBuffer before = table();
        assertEquals('R', before.get(16 + 16), "spawned and not yet run: runnable");
        g.kernel.procs().waitDetached(p);
        assertEquals(0, table().getInt(4), "a process with no parent is gone once it exits");
    }

    @Test
    void longArgumentsAreCutAndStillEndInANul() {
        Proc p = g.spawn(Ucred.root(), "/bin/fsops", "x".repeat(300));
        ByteBuffer b = table();
        assertEquals(0, b.get(16 + 108 + 255), "the last byte of args is a NUL");
        assertEquals("/bin/fsops", str(b, 16 + 108, 256));
        assertEquals("x".repeat(244), str(b, 16 + 108 + 11, 245));
        g.kernel.procs().waitDetached(p);
    }
}
