package org.kld86.emulator.memory;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {

    private final PhysicalMemory mem = new PhysicalMemory(64L << 20);

    @Test
    void storesAreLittleEndianAndReadBackAtEveryWidth() {
        mem.write32(0x1000, 0x11223344);
        assertEquals(0x44, mem.read8(0x1000));
        assertEquals(0x11, mem.read8(0x1003));
        assertEquals(0x3344, mem.read16(0x1000));
        assertEquals(0x1122, mem.read16(0x1002));
        mem.write64(0x2000, 0x8877665544332211L);
        assertEquals(0x44332211, mem.read32(0x2000));
        assertEquals(0x8877665544332211L, mem.read64(0x2000));
    }

    @Test
    void untouchedRamReadsZeroWithoutCostingHostMemory() {
        PhysicalMemory big = new PhysicalMemory(3L << 30);
        assertEquals(0, big.read32(0xBFFF_FFFCL));
        assertEquals(0, big.hostBytesAllocated());
        big.write8(0x12345678L, 1);
        assertEquals(PhysicalMemory.PAGE_SIZE, big.hostBytesAllocated());
    }

    @Test
    void theIsaHoleAndTheSpaceAboveRamReadAllOnesAndDropStores() {
        for (long pa : new long[] {0xA0000, 0xB8000, 0xFFFFC, 64L << 20, 0xFEBF_0000L, 0xFFFF_FFFCL}) {
            mem.write32(pa, 0);
            assertEquals(0xFFFF_FFFF, mem.read32(pa), () -> Long.toHexString(pa));
            assertEquals(0xFF, mem.read8(pa));
            assertFalse(mem.isRam(pa));
        }
        assertTrue(mem.isRam(0x9FFFF));
        assertTrue(mem.isRam(0x100000));
        assertTrue(mem.isRam((64L << 20) - 1));
    }

    @Test
    void anAccessStraddlingRamAndTheHoleIsSplitIntoBytes() {
        mem.write32(0x9FFFE, 0xAABBCCDD); // two bytes land in RAM, two vanish into the hole
        assertEquals(0xCCDD, mem.read16(0x9FFFE));
        assertEquals(0xFFFFCCDD, mem.read32(0x9FFFE));
    }

    @Test
    void theE820MapListsRamAndReservedRangesInOrder() {
        List<E820Entry> map = mem.e820();
        assertEquals(new E820Entry(0, 0x9FC00, E820Entry.USABLE), map.get(0));
        assertEquals(new E820Entry(0x9FC00, 0x400, E820Entry.RESERVED), map.get(1));
        assertEquals(new E820Entry(0xF0000, 0x10000, E820Entry.RESERVED), map.get(2));
        assertEquals(new E820Entry(0x100000, (64L << 20) - 0x100000, E820Entry.USABLE), map.get(3));
        assertEquals(E820Entry.RESERVED, map.get(4).type());
        assertEquals(1L << 32, map.get(4).end());
        for (int i = 1; i < map.size(); i++) {
            assertTrue(map.get(i - 1).end() <= map.get(i).base(), "sorted, not overlapping");
        }
    }

    @Test
    void aOneMebibyteMachineHasOnlyConventionalMemory() {
        PhysicalMemory small = new PhysicalMemory(1L << 20);
        assertEquals(E820Entry.USABLE, small.e820().get(0).type());
        assertTrue(small.e820().stream().noneMatch(e -> e.base() == 0x100000));
        assertFalse(small.isRam(0x100000));
    }

    @Test
    void badRamSizesAreRefusedWithTheLimitsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(512L << 10));
        assertTrue(e.getMessage().contains("1 MiB to 3 GiB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory((3L << 30) + 4096));
        e = assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory((2L << 20) + 100));
        assertTrue(e.getMessage().contains("4 KiB pages"), e.getMessage());
    }

    /** A device that records what reaches it. */
    private static final class Recorder implements MmioHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r" + size + "@" + Long.toHexString(offset));
            return 0x1234_5678_9ABC_DEF0L;
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w" + size + "@" + Long.toHexString(offset) + "=" + Long.toHexString(value));
        }
    }

    @Test
    void mmioWindowsDecodeOnlyWhenEnabledAndFollowRelocation() {
        Recorder dev = new Recorder();
        MmioWindow w = mem.addMmio("dev", 0xFEB0_0000L, 0x1000, dev);
        assertEquals(0xFFFF_FFFF, mem.read32(0xFEB0_0010L), "disabled: nothing answers");
        w.setEnabled(true);
        assertEquals(0x9ABC_DEF0, mem.read32(0xFEB0_0010L));
        mem.write16(0xFEB0_0020L, 0xBEEF);
        assertEquals(List.of("r4@10", "w2@20=beef"), dev.log);
        w.relocate(0xFEC0_0000L);
        assertEquals(0xFFFF_FFFF, mem.read32(0xFEB0_0010L));
        assertEquals(0xDEF0, mem.read16(0xFEC0_0004L));
        assertEquals("r2@4", dev.log.get(2));
    }

    @Test
    void aWindowOverRamTakesPrecedenceAndMapChangesAreAnnounced() {
        int[] changes = {0};
        mem.addMapListener(() -> changes[0]++);
        mem.write32(0x800000, 42);
        MmioWindow w = mem.addMmio("over-ram", 0x800000, 0x1000, new Recorder());
        w.setEnabled(true);
        assertEquals(1, changes[0]);
        assertFalse(mem.isRam(0x800000));
        assertNull(mem.ramPage(0x800));
        assertEquals(0x9ABC_DEF0, mem.read32(0x800000));
        w.setEnabled(false);
        assertEquals(42, mem.read32(0x800000));
        assertEquals(2, changes[0]);
    }

    @Test
    void badWindowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> mem.addMmio("x", 0xFFFF_F000L, 0x2000, new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> mem.addMmio("x", 0x1000_0800L, 0x1000, new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> mem.addMmio("x", 0x1000_0000L, 0, new Recorder()));
    }

    @Test
    void bulkCopiesCrossPagesAndHoles() {
        byte[] src = new byte[10000];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 31 + 7);
        }
        mem.write(0x200FF0, src, 0, src.length);
        byte[] back = new byte[src.length];
        mem.read(0x200FF0, back, 0, back.length);
        assertArrayEquals(src, back);

        mem.write(0x9F000, src, 0, 0x2000); // half RAM, half hole
        byte[] hole = new byte[0x2000];
        mem.read(0x9F000, hole, 0, hole.length);
        for (int i = 0; i < 0x1000; i++) {
            assertEquals(src[i], hole[i]);
            assertEquals((byte) 0xFF, hole[0x1000 + i]);
        }
    }

    @Test
    void fillWritesEveryByteAndZeroFillOfUntouchedPagesCostsNothing() {
        mem.fill(0x300800, 0x1000, 0xA5);
        assertEquals(0xA5A5A5A5, mem.read32(0x3007FC + 4));
        assertEquals(0, mem.read8(0x3007FF));
        assertEquals(0xA5, mem.read8(0x3017FF));
        assertEquals(0, mem.read8(0x301800));
        long before = mem.hostBytesAllocated();
        mem.fill(0x1000000, 1 << 20, 0);
        assertEquals(before, mem.hostBytesAllocated());
    }
}
