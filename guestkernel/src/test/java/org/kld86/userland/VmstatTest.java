package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.malloc.MallocType;

/**
 * vmstat -m and -z in the legacy layout with HighUse (KERNEL-SEMANTICS 2.1 and 2.2, checklist 12 and 13), the
 * seed's echo_buffer row above all.
 */
class VmstatTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void theEchoBufferRowOfTheSeed() {
        MallocType t = guest.kernel.malloc().define("echo_buffer", "buffer for echo driver");
        guest.kernel.malloc().malloc(260, t, MallocFlags.M_WAITOK);
        Guest.Run r = guest.run("vmstat", "-m");
        assertEquals(0, r.status());
        String[] lines = r.out().split("\n");
        assertEquals("         Type InUse MemUse HighUse Requests  Size(s)", lines[0]);
        assertEquals("  echo_buffer     1     1K       -        1  512", lines[lines.length - 1],
                "the newest type comes last");
    }

    @Test
    void sizesAreJoinedByCommasAndMemUseRoundsUp() {
        MallocType t = guest.kernel.malloc().define("two_sizes", "test");
        guest.kernel.malloc().malloc(1, t, MallocFlags.M_WAITOK);
        long b = guest.kernel.malloc().malloc(100, t, MallocFlags.M_WAITOK);
        guest.kernel.malloc().free(b, t);
        String out = guest.run("vmstat", "-m").out();
        assertTrue(out.endsWith("    two_sizes     1     1K       -        2  16,128\n"), out);
    }

    @Test
    void aTypeThatNeverAllocatedIsHidden() {
        MallocType t = guest.kernel.malloc().define("unused_type", "test");
        String out = guest.run("vmstat", "-m").out();
        assertTrue(!out.contains("unused_type"), out);
    }

    @Test
    void zonesInTheLegacyLayoutWithBlankLines() {
        Guest.Run r = guest.run("vmstat", "-z");
        String out = r.out();
        assertTrue(out.startsWith("ITEM                   SIZE  LIMIT     USED     FREE      REQ FAIL SLEEP\n\n"), out);
        assertTrue(out.endsWith("\n\n"), "a blank line after the last row");
        String[] lines = out.split("\n");
        assertTrue(lines[2].startsWith("UMA Kegs:            "), "the first zone made comes first: " + lines[2]);
        for (int i = 2; i < lines.length; i++) {
            assertTrue(lines[i].matches(".{20} {1,}\\d+, {1,}\\d+, *\\d+, *\\d+, *\\d+, *\\d+, *\\d+"), lines[i]);
        }
        assertTrue(out.contains("\n512:                    512,"), "the malloc zones are named by their size");
    }

    @Test
    void withoutMOrZItIsUsage() {
        Guest.Run r = guest.run("vmstat");
        assertTrue(r.err().startsWith("usage: vmstat "), r.err());
        assertEquals(1, r.exitCode());
    }
}
