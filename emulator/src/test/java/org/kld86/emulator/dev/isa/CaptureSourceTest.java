package org.kld86.emulator.dev.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The capture source: fed bytes in order, then the documented pattern (i * 7 + 3) & 0xFF. */
class CaptureSourceTest {

    @Test
    void patternIsSevenIPlusThree() {
        assertEquals(3, CaptureSource.pattern(0));
        assertEquals(10, CaptureSource.pattern(1));
        assertEquals((36 * 7 + 3) & 0xFF, CaptureSource.pattern(36));
        assertEquals(3, CaptureSource.pattern(256), "period 256");
    }

    @Test
    void patternHasNoRepeatInsideTwoHundredFiftySixBytes() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            seen.add(CaptureSource.pattern(i));
        }
        assertEquals(256, seen.size());
    }

    @Test
    void fedBytesComeFirstInOrderThenThePatternAtTheRunPosition() {
        CaptureSource src = new CaptureSource();
        byte[] fed = {(byte) 0xF0, 0x01};
        src.feed(fed);
        src.feed(new byte[0]);
        src.feed(new byte[] {0x02});
        fed[0] = 0; // the source kept its own copy
        assertEquals(0xF0, src.next(0));
        assertEquals(0x01, src.next(1));
        assertEquals(0x02, src.next(2));
        assertEquals(CaptureSource.pattern(3), src.next(3));
        assertEquals(CaptureSource.pattern(4), src.next(4));
    }
}
