package org.kld86.kernel.malloc;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.VmLayout;

class MallocReportTest {

    private static final String HEADER = "         Type InUse MemUse HighUse Requests  Size(s)\n";

    private final Machine machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Malloc malloc = kernel.malloc();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theHeaderIsTheSeedsWithHighUse() {
        assertEquals(HEADER, MallocReport.header());
    }

    @Test
    void theEchoDriversMallocIsOneKibInTheFiveHundredTwelveZone() {
        MallocType echo = malloc.define("echo_buffer", "buffer for echo driver");
        malloc.malloc(260, echo, M_WAITOK);
        assertEquals("  echo_buffer     1     1K       -        1  512\n", MallocReport.row(echo));
    }

    @Test
    void theEchoDriversContigmallocIsFourKibWithNoSize() {
        MallocType echo = malloc.define("echo_buffer", "buffer for echo driver");
        malloc.contigmalloc(260, echo, M_WAITOK | M_ZERO, 0, 0xffffffffL, VmLayout.PAGE_SIZE, 1024 * 1024);
        assertEquals("  echo_buffer     1     4K       -        1  \n", MallocReport.row(echo));
    }

    @Test
    void typesThatNeverAllocatedAreHiddenAndTheOldestComesFirst() {
        MallocType first = malloc.define("first", "first");
        malloc.define("idle", "never used");
        MallocType last = malloc.define("last", "last");
        malloc.malloc(1, last, M_WAITOK);
        long p = malloc.malloc(100, first, M_WAITOK);
        malloc.malloc(40, first, M_WAITOK);
        malloc.free(p, first);
        assertEquals(HEADER
                + "        first     1     1K       -        2  64,128\n"
                + "         last     1     1K       -        1  16\n", MallocReport.vmstatM(malloc));
    }

    @Test
    void aTypeThatFreedEverythingStaysListedWithItsRequests() {
        MallocType t = malloc.define("done", "done");
        malloc.free(malloc.malloc(3000, t, M_WAITOK), t);
        assertEquals("         done     0     0K       -        1  4096\n", MallocReport.row(t));
    }

    @Test
    void memUseRoundsUpToTheNextKib() {
        MallocType t = malloc.define("kib", "kib");
        for (int i = 0; i < 65; i++) {
            malloc.malloc(16, t, M_WAITOK);
        }
        assertEquals("          kib    65     2K       -       65  16\n", MallocReport.row(t), "1040 bytes");
    }

    @Test
    void wideNumbersPushTheColumnsAsPrintfDoes() {
        MallocType t = malloc.define("many", "many");
        for (int i = 0; i < 100000; i++) {
            malloc.malloc(16, t, M_NOWAIT);
        }
        assertEquals("         many 100000  1563K       -   100000  16\n", MallocReport.row(t));
    }

    @Test
    void aLongNameIsCutToThirtyOneCharacters() {
        MallocType t = malloc.define("a_type_name_that_is_much_too_long_for_the_stream", "long");
        malloc.malloc(16, t, M_WAITOK);
        assertTrue(MallocReport.row(t).startsWith("a_type_name_that_is_much_too_lo     1"), MallocReport.row(t));
    }
}
