package org.kld86.emulator.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoPortSpaceTest {

    private final IoPortSpace ports = new IoPortSpace();

    @Test
    void unclaimedPortsReadAllOnesAtEveryWidth() {
        assertEquals(0xFF, ports.in8(0x80));
        assertEquals(0xFFFF, ports.in16(0x1234));
        assertEquals(-1, ports.in32(0xCFC));
        ports.out8(0x80, 0); // dropped, no exception
    }

    @Test
    void claimedPortsReachTheirDeviceWithPortAndSize() {
        List<String> log = new ArrayList<>();
        ports.claim("dev", 0x300, 8, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                log.add("in " + Integer.toHexString(port) + "/" + size);
                return 0xFFFF_1234;
            }

            @Override
            public void out(int port, int size, int value) {
                log.add("out " + Integer.toHexString(port) + "/" + size + "=" + Integer.toHexString(value));
            }
        });
        assertEquals(0x34, ports.in8(0x307));
        assertEquals(0x1234, ports.in16(0x300));
        ports.out16(0x302, 0xABCDEF);
        assertEquals(List.of("in 307/1", "in 300/2", "out 302/2=cdef"), log);
        assertEquals("dev", ports.owner(0x305));
        assertNull(ports.owner(0x308));
    }

    @Test
    void overlappingClaimsAreRefusedNamingTheOwner() {
        ports.claim("pic", 0x20, 2, new NullHandler());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ports.claim("other", 0x1F, 2, new NullHandler()));
        assertTrue(e.getMessage().contains("0x20") && e.getMessage().contains("pic"), e.getMessage());
        assertNull(ports.owner(0x1F), "a refused claim takes nothing");
        assertThrows(IllegalArgumentException.class, () -> ports.claim("x", 0xFFFF, 2, new NullHandler()));
    }

    @Test
    void accessSizesOtherThanOneTwoFourAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ports.in(0x80, 3));
    }

    private static final class NullHandler implements IoPortHandler {
        @Override
        public int in(int port, int size) {
            return 0;
        }

        @Override
        public void out(int port, int size, int value) {
        }
    }
}
