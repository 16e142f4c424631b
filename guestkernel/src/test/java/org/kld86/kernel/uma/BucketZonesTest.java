package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class BucketZonesTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void bucketZonesHoldNMinusThreePointers() {
        int[] entries = new int[9];
        for (int i = 0; i < 9; i++) {
            entries[i] = BucketZones.entries(i);
        }
        assertArrayEquals(new int[] {1, 3, 5, 9, 13, 29, 61, 125, 253}, entries);
    }

    @Test
    void bucketSelectPicksTheLastBucketZoneWhoseMaximumItemSizeCoversTheItem() {
        int[][] cases = {{16, 253}, {64, 253}, {65, 125}, {128, 125}, {129, 61}, {256, 61}, {512, 29}, {1024, 13},
            {1536, 9}, {2048, 5}, {3072, 3}, {4096, 1}, {8192, 1}, {65536, 1}};
        for (int[] c : cases) {
            assertEquals(c[1], BucketZones.select(c[0]), "size " + c[0]);
        }
    }

    @Test
    void bucketLookupTakesTheFirstBucketBigEnough() {
        assertEquals(0, BucketZones.lookup(1));
        assertEquals(6, BucketZones.lookup(61));
        assertEquals(7, BucketZones.lookup(62));
        assertEquals(8, BucketZones.lookup(1000));
    }

    @Test
    void aBucketIsARealItemOfABucketZone() {
        UmaZone z = uma.zcreate("cached", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long used = uma.zone("256 Bucket").used();
        z.alloc(M_WAITOK);
        assertEquals(used + 1, uma.zone("256 Bucket").used(), "a 64-byte zone caches 253 items a bucket");
    }

    @Test
    void internalZonesHaveNoCache() {
        assertEquals(0, uma.kegsZone().bucketItems());
        assertEquals(0, uma.slabZone().bucketItems());
        assertEquals(0, uma.hashZone().bucketItems());
        assertEquals(125, uma.zone("mt_zone").bucketItems(), "mt_zone (76 bytes) caches like the 128 Bucket");
    }
}
