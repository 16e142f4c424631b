package org.kld86.kernel.malloc;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.VmLayout;

class ContigmallocTest {

    private static final int PAGE = VmLayout.PAGE_SIZE;

    private final Machine machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Malloc malloc = kernel.malloc();
    private final MallocType echo = malloc.define("echo_buffer", "buffer for echo driver");

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private long pa(long va) {
        return kernel.vm().pmap().extract(va);
    }

    @Test
    void theEchoDriversBufferIsOneZeroedPageChargedAsFourKib() {
        long p = malloc.contigmalloc(260, echo, M_WAITOK | M_ZERO, 0, 0xffffffffL, PAGE, 1024 * 1024);
        assertNotEquals(0, p);
        assertTrue(kernel.vm().layout().isDirectMapped(p), "a direct-map address");
        assertEquals(0, pa(p) % PAGE);
        byte[] buf = new byte[PAGE];
        kernel.memory().read(p, buf, 0, PAGE);
        assertArrayEquals(new byte[PAGE], buf);
        assertEquals(1, echo.numallocs());
        assertEquals(4096, echo.memalloced());
        assertEquals(0, echo.sizeMask(), "no zone size");
        malloc.contigfree(p, 260, echo);
        assertEquals(4096, echo.memfreed());
        assertEquals(0, echo.inUse());
    }

    @Test
    void theManPageExampleIsAlignedAndStaysBelowFourMib() {
        long p = malloc.contigmalloc(8192, malloc.M_DEVBUF, M_ZERO, 0, 1L << 22, 32 * 1024, 1024 * 1024);
        assertNotEquals(0, p, "low memory below 4 MiB is free at boot");
        long pa = pa(p);
        assertEquals(0, pa % (32 * 1024));
        assertTrue(pa + 8192 - 1 <= 4194303, "between 0 and 4194303 inclusive");
        assertEquals(pa >> 20, (pa + 8191) >> 20, "does not cross 1 MiB");
    }

    @Test
    void highIsInclusiveTheWholeBlockLiesAtOrBelowIt() {
        long low = 8L << 20;
        long p = malloc.contigmalloc(PAGE, echo, M_NOWAIT, low, low + PAGE - 1, 0, 0);
        assertEquals(low, pa(p), "the one page in [8 MiB, 8 MiB + 4095]");
        assertEquals(0, malloc.contigmalloc(PAGE, echo, M_NOWAIT, low + PAGE, low + 2 * PAGE - 2, 0, 0),
                "a page does not fit in 4095 bytes");
        malloc.contigfree(p, PAGE, echo);
    }

    @Test
    void lowIsRoundedUpToAPage() {
        long p = malloc.contigmalloc(PAGE, echo, M_NOWAIT, (8L << 20) + 1, (8L << 20) + 2 * PAGE - 1, 0, 0);
        assertEquals((8L << 20) + PAGE, pa(p));
    }

    @Test
    void thePagesArePhysicallyContiguousAndMarked() {
        long p = malloc.contigmalloc(5 * PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, 0);
        long first = pa(p);
        for (int i = 0; i < 5; i++) {
            long pa = pa(p + (long) i * PAGE);
            assertEquals(first + (long) i * PAGE, pa);
            assertTrue(kernel.vm().pages().hasFlag((int) (pa >>> 12), PageDescriptors.PG_CONTIG));
        }
        long free = kernel.vm().allocator().totalFreePages();
        malloc.contigfree(p, 5 * PAGE, echo);
        assertEquals(free + 5, kernel.vm().allocator().totalFreePages());
    }

    @Test
    void aBoundarySmallerThanTheBlockCannotBeMet() {
        assertEquals(0, malloc.contigmalloc(2 * PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, PAGE));
        assertEquals(0, malloc.contigmalloc(260, echo, M_WAITOK, 0, 0xffffffffL, 0, 1024), "a page crosses 1 KiB");
    }

    @Test
    void aRangeWithNoRoomFailsEvenWhenItMaySleep() {
        long ramTop = kernel.vm().layout().ramTopBytes();
        assertEquals(0, malloc.contigmalloc(PAGE, echo, M_WAITOK, ramTop, ramTop + (1 << 20), 0, 0));
        assertEquals(0, echo.numallocs());
    }

    @Test
    void sizeZeroPanics() {
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> malloc.contigmalloc(0, echo, M_WAITOK, 0, 0xffffffffL, PAGE, 0));
        assertEquals("contigmalloc: size must not be 0", p.getMessage());
    }

    @Test
    void aNonPowerOfTwoAlignmentPanics() {
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> malloc.contigmalloc(PAGE, echo, M_WAITOK, 0, 0xffffffffL, 3 * PAGE, 0));
        assertEquals("contigmalloc: alignment must be a power of 2", p.getMessage());
    }

    @Test
    void aNonPowerOfTwoBoundaryPanicsButZeroMeansNone() {
        assertNotEquals(0, malloc.contigmalloc(PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, 0));
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> malloc.contigmalloc(PAGE, echo, M_WAITOK, 0, 0xffffffffL, PAGE, 3000));
        assertEquals("contigmalloc: boundary must be a power of 2", p.getMessage());
    }

    @Test
    void contigfreeOfAnAddressContigmallocDidNotGivePanics() {
        long p = malloc.malloc(64, echo, M_WAITOK);
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.contigfree(p, PAGE, echo));
        assertEquals(String.format("contigfree: address 0x%x was not allocated by contigmalloc", p), e.getMessage());
    }

    @Test
    void contigfreeWithASizeOfOtherPagesPanics() {
        long p = malloc.contigmalloc(2 * PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, 0);
        malloc.contigfree(malloc.contigmalloc(PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, 0), 1, echo);
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.contigfree(p, PAGE, echo));
        assertEquals(String.format("contigfree: size 4096 does not match the 8192 bytes allocated at 0x%x", p),
                e.getMessage());
    }

    @Test
    void freeOfAContigmallocBlockIsNotAMallocFree() {
        long p = malloc.contigmalloc(PAGE, echo, M_WAITOK, 0, 0xffffffffL, 0, 0);
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.free(p, echo));
        assertEquals(String.format("free: address 0x%x(0x%x) has not been allocated.", p, p), e.getMessage());
    }
}
