package isadma;

/**
 * isadmareg.h: the ISA streaming device's eight byte-wide registers from its base port (0x300 unless the hints
 * say otherwise). It captures bytes into memory or plays bytes out of memory through one 8237 channel, a byte a
 * microsecond, and pulses its (edge-triggered) IRQ when a run ends.
 *
 * <pre>
 *   +0  R   identification 0x5a
 *   +1  R   status (below)      W  interrupt acknowledge: clears the DONE, ERROR and TC bits written
 *   +2  W   command: 0x01 capture (device to memory), 0x02 playback (memory to device), 0x03 stop
 *   +3  R   the DMA channel the device is wired to
 *   +4  RW  length of the next run in bytes, 32 bits little-endian, latched by a start
 *
 *   status:  bit 0 BUSY  bit 1 DONE  bit 2 ERROR  bit 3 TC (the DMA channel reached terminal count)
 *            bit 4 PLAYBACK (the direction of the last run)
 * </pre>
 *
 * A start clears DONE, ERROR and TC; a run ends with DONE (its length moved, or terminal count) or ERROR (a
 * length of 0 or, on a 16-bit channel, an odd one; or the controller stopped granting DMA).
 */
final class IsadmaReg {

    private IsadmaReg() {
    }

    static final int ISADMA_NPORTS = 8;

    static final int ISADMA_ID = 0;
    static final int ISADMA_STATUS = 1;
    static final int ISADMA_COMMAND = 2;
    static final int ISADMA_CHANNEL = 3;
    static final int ISADMA_LENGTH = 4;

    static final int ISADMA_ID_MAGIC = 0x5a;

    static final int ISADMA_CMD_CAPTURE = 0x01;
    static final int ISADMA_CMD_PLAYBACK = 0x02;
    static final int ISADMA_CMD_STOP = 0x03;

    static final int ISADMA_ST_BUSY = 0x01;
    static final int ISADMA_ST_DONE = 0x02;
    static final int ISADMA_ST_ERROR = 0x04;
    static final int ISADMA_ST_TC = 0x08;
    static final int ISADMA_ST_PLAYBACK = 0x10;
    /** The bits an acknowledge clears. */
    static final int ISADMA_ST_ACK = ISADMA_ST_DONE | ISADMA_ST_ERROR | ISADMA_ST_TC;
}
