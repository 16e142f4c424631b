package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.dev.isa.IsaStreamDevice;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.userland.test.Hold;

/**
 * The isadma driver (modules/isadma) end to end: the ISA stream device at ports 0x300-0x307 on IRQ 5 streams
 * through 8237 channel 1 (channel 5 where a test wires it so), a byte a microsecond. Captured bytes come from
 * what the host fed the device, else from its pattern (byte i of a run is (i * 7 + 3) &amp; 0xff); played bytes
 * collect in the device, where the host reads them.
 */
class IsadmaTest {

    /** The driver's buffer, one DMA run at most. */
    static final int BUFSIZE = 16 * 1024;
    /** The page register of each 8237 channel (FreeBSD's dmapageport[]). */
    static final int[] PAGE_PORT = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

    static IsaStreamDevice stream(DriverGuest g) {
        return g.machine.isaStreams().get(0);
    }

    static byte[] devicePattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /**
     * The physical address 8-bit channel {@code chan} started its last run at, read from the controller as a
     * debugger would: the page register, and the current address less the {@code n} bytes the run moved.
     */
    static long runStart(DriverGuest g, int chan, int n) {
        var ports = g.machine.ports();
        ports.out8(0x0C, 0); // clear the byte flip-flop
        int current = ports.in8(2 * chan);
        current |= ports.in8(2 * chan) << 8;
        return (long) ports.in8(PAGE_PORT[chan]) << 16 | ((current - n) & 0xFFFF);
    }

    @Test
    void kldloadPrintsTheProbeLineAndMakesTheDevice() {
        try (DriverGuest g = new DriverGuest()) {
            String out = g.ok("kldload isadma && ls -l /dev/isadma && vmstat -m | grep isadma");
            assertTrue(out.matches("crw-------  1 root  wheel  0x[0-9a-f]+ Jan  1 00:00 /dev/isadma\n"
                    + "       isadma     1    16K       -        1  \n"), out);
            assertEquals("isadma0: <ISA streaming device> at port 0x300-0x307 irq 5 drq 1 on isa0\n",
                    g.ok("dmesg | grep isadma"));
        }
    }

    @Test
    void aCaptureBringsTheDevicesBytesInOrderAcrossSeveralRuns() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] fed = EduTest.pattern(5, 40000);
            stream(g).feed(fed);
            g.ok("kldload isadma");
            long t0 = g.machine.clock().nanos();
            assertEquals("1+0 records in\n1+0 records out\n",
                    g.ok("dd if=/dev/isadma of=/tmp/cap bs=40000 count=1 2>&1 | head -2"));
            assertArrayEquals(fed, g.get("/tmp/cap"), "three runs: 16384, 16384 and 7232 bytes");
            assertTrue(g.machine.clock().nanos() - t0 >= 40_000_000L, "40000 bytes at a microsecond each");

            // Nothing fed any more: the device's pattern, which starts again with each run.
            g.ok("dd if=/dev/isadma of=/tmp/pat bs=1000 count=1 2>/dev/null");
            assertArrayEquals(devicePattern(1000), g.get("/tmp/pat"));
        }
    }

    @Test
    void aPlaybackSendsTheBytesToTheDevice() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] song = EduTest.pattern(6, 20000);
            g.put("/tmp/song", song, 0644);
            g.ok("kldload isadma && dd if=/tmp/song of=/dev/isadma bs=20000 2>/dev/null");
            assertArrayEquals(song, stream(g).played(), "a 16384-byte run, then 3616");
            stream(g).clearPlayed();
            g.ok("cp /tmp/song /dev/isadma");
            assertArrayEquals(song, stream(g).played(), "cp's 4096-byte writes, a run each");
        }
    }

    @Test
    void theBufferIsBelow16MibInsideOne64KibPageAndNeedsNoBounce() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] fed = EduTest.pattern(7, BUFSIZE);
            stream(g).feed(fed);
            g.ok("kldload isadma && dd if=/dev/isadma of=/tmp/cap bs=16k count=1 2>/dev/null");
            long pa = runStart(g, 1, BUFSIZE);
            assertEquals(0, pa % 4096, "page aligned");
            assertTrue(pa + BUFSIZE <= 1L << 24, "below 16 MiB: 0x" + Long.toHexString(pa));
            assertEquals(pa >> 16, (pa + BUFSIZE - 1) >> 16, "inside one 64 KiB page: 0x" + Long.toHexString(pa));
            assertEquals(0, g.kernel.buses().isaDma().bounceBuffer(1), "no bounce buffer: the run used the buffer");
            byte[] ram = new byte[BUFSIZE];
            g.machine.memory().read(pa, ram, 0, BUFSIZE);
            assertArrayEquals(fed, ram, "the controller wrote the captured bytes there");
            assertArrayEquals(fed, g.get("/tmp/cap"));
        }
    }

    /**
     * With every page below 16 MiB taken but two 16 KiB holes, the lower of which crosses a 64 KiB boundary, the
     * buffer must be the higher: contigmalloc picks the lowest run that meets its limits, so a driver that gave no
     * boundary would get the lower hole, and one that gave no upper limit would get neither.
     */
    @Test
    void theBufferSkipsALowerRunThatCrosses64Kib() {
        try (DriverGuest g = new DriverGuest()) {
            var malloc = g.kernel.malloc();
            var pmap = g.kernel.vm().pmap();
            TreeMap<Long, Long> held = new TreeMap<>();
            for (long va; (va = malloc.contigmalloc(4096, malloc.M_DEVBUF, MallocFlags.M_NOWAIT, 0, 0xFFFFFF, 4096, 0))
                    != 0; ) {
                held.put(pmap.extract(va), va);
            }
            long straddling = -1;
            for (long b = 0x10000; b < 1L << 24 && straddling < 0; b += 0x10000) {
                if (heldRun(held, b - 0x2000, 4)) {
                    straddling = b - 0x2000;
                }
            }
            long clean = -1;
            for (long c = (straddling + BUFSIZE + 0x3FFF) & ~0x3FFFL; c < 1L << 24 && clean < 0; c += 0x4000) {
                if (heldRun(held, c, 4)) {
                    clean = c;
                }
            }
            assertTrue(straddling > 0 && clean > straddling, "holes at 0x" + Long.toHexString(straddling) + " and 0x"
                    + Long.toHexString(clean));
            for (long pa : new long[] {straddling, clean}) {
                for (long p = pa; p < pa + BUFSIZE; p += 4096) {
                    malloc.contigfree(held.remove(p), 4096, malloc.M_DEVBUF);
                }
            }

            stream(g).feed(EduTest.pattern(11, BUFSIZE));
            g.ok("kldload isadma && dd if=/dev/isadma of=/tmp/cap bs=16k count=1 2>/dev/null && kldunload isadma");
            assertEquals(clean, runStart(g, 1, BUFSIZE), "the run that stays inside one 64 KiB page");
            assertArrayEquals(EduTest.pattern(11, BUFSIZE), g.get("/tmp/cap"));
            held.values().forEach(va -> malloc.contigfree(va, 4096, malloc.M_DEVBUF));
        }
    }

    /** Whether {@code pages} pages from {@code pa} on are all in {@code held}. */
    static boolean heldRun(TreeMap<Long, Long> held, long pa, int pages) {
        for (int i = 0; i < pages; i++) {
            if (!held.containsKey(pa + 4096L * i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aSixteenBitChannelMovesWordsAndRefusesAnOddLength() {
        MachineConfig wide = MachineConfig.builder().clearDevices().device("uart").device("isastream,dma=5").build();
        try (DriverGuest g = new DriverGuest(wide)) {
            byte[] fed = EduTest.pattern(8, 5000);
            stream(g).feed(fed);
            byte[] song = EduTest.pattern(9, 3000);
            g.put("/tmp/song", song, 0644);
            g.ok("kldload isadma && dd if=/dev/isadma of=/tmp/cap bs=5000 count=1 2>/dev/null"
                    + " && dd if=/tmp/song of=/dev/isadma bs=3000 2>/dev/null");
            assertArrayEquals(fed, g.get("/tmp/cap"));
            assertArrayEquals(song, stream(g).played());
            assertEquals(1, g.sh("dd if=/dev/isadma of=/tmp/odd bs=1001 count=1"));
            String out = g.take();
            // Refused before any run: a run of 1001 bytes would take a millisecond at a byte a microsecond.
            assertTrue(out.matches("dd: /dev/isadma: Invalid argument\n0\\+0 records in\n0\\+0 records out\n"
                    + "0 bytes transferred in 0\\.0000\\d\\d secs \\(0 bytes/sec\\)\n"), out);
            assertTrue(g.dmesg().contains("isadma0: <ISA streaming device> at port 0x300-0x307 irq 5 drq 5 on isa0\n"));
        }
    }

    @Test
    void theHintsMoveTheDriverToADeviceElsewhere() {
        MachineConfig moved = MachineConfig.builder().clearDevices().device("uart")
                .device("isastream,port=0x310,irq=7").build();
        try (DriverGuest g = new DriverGuest(moved)) {
            g.allow("module_register_init: MOD_LOAD \\(isadma, 0x[0-9a-f]+, 0\\) error 6");
            assertEquals(1, g.sh("kldload isadma"), "nothing answers at 0x300");
            g.take();
            stream(g).feed(new byte[] {1, 2, 3, 4});
            assertEquals("isadma0: <ISA streaming device> at port 0x310-0x317 irq 7 drq 1 on isa0\n"
                    + "00000000  01 02 03 04                                       |....|\n00000004\n",
                    g.ok("kenv hint.isadma.0.port=0x310 >/dev/null && kenv hint.isadma.0.irq=7 >/dev/null"
                            + " && kldload isadma && dmesg | grep isadma0 && dd if=/dev/isadma bs=4 count=1 2>/dev/null"
                            + " | hd"));
            assertEquals(1, g.kernel.interrupts().sources().stream().filter(s -> s.irq() == 7)
                    .mapToLong(org.kld86.kernel.intr.Interrupts.Source::count).sum(), "the run's end came on IRQ 7");
        }
    }

    @Test
    void kldunloadIsRefusedWhileOpenAndThenGivesEverythingBack() {
        try (DriverGuest g = new DriverGuest()) {
            g.install(Hold.class);
            g.put("/tmp/song", EduTest.pattern(10, 5000), 0644);
            g.ok("true");
            long free = g.freePages();
            g.ok("kldload isadma && cp /tmp/song /dev/isadma && dd if=/dev/isadma of=/dev/null bs=5000 count=1"
                    + " 2>/dev/null");
            assertEquals(1, g.sh("hold /dev/isadma kldunload isadma"));
            assertEquals("kldunload: can't unload file: Device busy\n", g.take());
            assertTrue(g.freePages() <= free - BUFSIZE / 4096, "the four buffer pages are in use");
            g.ok("kldunload isadma");
            assertEquals(free, g.freePages(), "every page back");
            assertEquals("", g.ok("vmstat -m | grep isadma; ls /dev | grep isadma; true"));
            // The channel was released: a second load acquires it again and works.
            stream(g).clearPlayed();
            g.ok("kldload isadma && cp /tmp/song /dev/isadma && kldunload isadma");
            assertArrayEquals(EduTest.pattern(10, 5000), stream(g).played());
        }
    }
}
