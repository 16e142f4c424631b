package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.IsaDma.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.dev.isa.IsaStreamDevice;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.intr.Interrupts;
import org.kld86.kernel.malloc.MallocFlags;

/**
 * ISA DMA through the 8237 pair with the default machine's ISA stream device (ports 0x300-0x307, DMA channel 1,
 * IRQ 5, one byte a microsecond). With nothing fed, captured byte i is (i * 7 + 3) & 0xFF.
 */
class IsaDmaTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults().withDiagnostic(true));
    private final IsaStreamDevice device = machine.isaStreams().get(0);
    private final Object done = new Object();
    private int status;

    IsaDmaTest() {
        kernel.interrupts().setup(5, "strm0", arg -> {
            status = machine.cpu().in8(0x301);
            machine.cpu().out8(0x301, status);
            Sleep.wakeup(done);
            return Interrupts.FILTER_HANDLED;
        }, null, null, Interrupts.INTR_TYPE_AV, null, null);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** Starts a run of {@code n} bytes in direction {@code cmd} and sleeps until the device interrupts. */
    private void run(int cmd, int n) {
        var cpu = machine.cpu();
        cpu.out32(0x304, n);
        cpu.out8(0x302, cmd);
        assertEquals(0, Sleep.tsleep(done, Sleep.PZERO, "strm", 1000));
    }

    private long contig(long low, long high) {
        var m = kernel.malloc();
        return m.contigmalloc(4096, m.M_DEVBUF, MallocFlags.M_WAITOK | MallocFlags.M_ZERO, low, high, 4096, 0);
    }

    @Test
    void aCaptureMovesTheDevicesBytesIntoMemory() {
        long buf = contig(0, 0xFFFFFF);
        assertEquals(0, isa_dma_acquire(1));
        isa_dmastart(ISADMA_READ, buf, 100, 1);
        assertEquals(100, isa_dmastatus(1), "nothing moved yet");
        long start = machine.clock().now();
        run(0x01, 100);
        assertEquals(start + 100_000, machine.clock().now(), "100 bytes at 1 us each");
        assertEquals(0x02 | 0x08, status & 0x0F, "DONE, terminal count");
        assertEquals(0, isa_dmastatus(1), "after terminal count the count reads 0xFFFF: nothing left");
        isa_dmadone(ISADMA_READ, buf, 100, 1);
        for (int i = 0; i < 100; i++) {
            assertEquals((i * 7 + 3) & 0xFF, Mem.read8(buf + i), "byte " + i);
        }
        assertEquals(0, Mem.read8(buf + 100), "nothing past the count");
        assertEquals(-2, isa_dmastatus(1), "idle after isa_dmadone");
    }

    @Test
    void aPlaybackMovesMemoryToTheDevice() {
        long buf = contig(0, 0xFFFFFF);
        Mem.write(buf, "hello, isa".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, 10);
        isa_dma_acquire(1);
        isa_dmastart(ISADMA_WRITE, buf, 10, 1);
        run(0x02, 10);
        isa_dmadone(ISADMA_WRITE, buf, 10, 1);
        assertEquals("hello, isa", new String(device.played(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aBufferAbove16MibGoesThroughTheBounceBuffer() {
        assertEquals(0, isa_dma_init(1, 4096, MallocFlags.M_WAITOK));
        long bounce = kernel.buses().isaDma().bounceBuffer(1);
        assertTrue(Pmap.vtophys(bounce) < 0x1000000L, "the bounce buffer is reachable");
        long high = contig(0x1000000L, 0x3FFFFFFL);
        assertTrue(Pmap.vtophys(high) >= 0x1000000L);
        device.feed(new byte[] {9, 8, 7, 6});
        isa_dma_acquire(1);
        isa_dmastart(ISADMA_READ, high, 4, 1);
        run(0x01, 4);
        assertEquals(0, Mem.read8(high), "the device wrote the bounce buffer, not this one");
        assertEquals(9, Mem.read8(bounce));
        isa_dmadone(ISADMA_READ, high, 4, 1);
        assertEquals(0x06070809, Mem.read32(high), "copied back at isa_dmadone");
    }

    @Test
    void isaDmaStartProgramsTheControllerAsFreeBsdDoes() {
        long buf = contig(0, 0xFFFFFF);
        long pa = Pmap.vtophys(buf);
        isa_dma_acquire(1);
        isa_dmastart(ISADMA_READ, buf, 0x123, 1);
        var cpu = machine.cpu();
        cpu.out8(0x0C, 0); // flip-flop
        int addr = cpu.in8(0x02) | cpu.in8(0x02) << 8;
        int count = cpu.in8(0x03) | cpu.in8(0x03) << 8;
        assertEquals(pa & 0xFFFF, addr);
        assertEquals(0x122, count, "count - 1");
        assertEquals((pa >> 16) & 0xFF, cpu.in8(0x83), "channel 1's page register");
    }

    @Test
    void aChannelIsAcquiredOnceAndAnImpossibleRequestPanics() {
        assertEquals(0, isa_dma_acquire(1));
        int mark = kernel.console().dmesg().length();
        assertEquals(Errno.EBUSY, isa_dma_acquire(1));
        assertEquals("isa_dma_acquire: channel 1 already in use\n", kernel.console().dmesg().substring(mark));
        assertEquals("isa_dmastart: impossible request", assertThrows(org.kld86.kernel.KernelPanic.class,
                () -> isa_dmastart(ISADMA_READ, 0xC0100000L, (1 << 16) + 1, 1)).getMessage());
    }
}
