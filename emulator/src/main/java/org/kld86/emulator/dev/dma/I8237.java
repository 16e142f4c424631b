package org.kld86.emulator.dev.dma;

/**
 * One Intel 8237A DMA controller: four channels behind sixteen byte registers, the byte-pointer flip-flop, the
 * command, status, request and mask registers. {@link I8237Pair} decodes the ports onto register indexes; this
 * class knows nothing of port numbers.
 *
 * <p>Register file (index = port - 0x00 on DMA1, (port - 0xC0) / 2 on DMA2) [FreeBSD isa_dmareg.h; QEMU i8257]:
 * <pre>
 *  index  read                              write
 *  0..7   channel index/2: current address  channel index/2: base and current address (even index)
 *         (even) or count (odd), one byte   or count (odd), one byte per access; the flip-flop picks
 *         per access, low byte first        low or high and toggles on every access
 *  8      status (clears TC bits 3:0)       command
 *  9      all-ones (write-only)             request
 *  10     all-ones (write-only)             single mask
 *  11     all-ones (write-only)             mode
 *  12     all-ones (write-only)             clear flip-flop
 *  13     temporary register (always 0)     master clear
 *  14     all-ones (write-only)             clear all masks
 *  15     0xF0 | mask bits                  write all masks
 * </pre>
 *
 * <p>Status register (read) and command register (write):
 * <pre>
 *  status:   7    6    5    4    3    2    1    0
 *          +----+----+----+----+----+----+----+----+
 *          |REQ3|REQ2|REQ1|REQ0|TC3 |TC2 |TC1 |TC0 |   TCn: channel n reached terminal count since the
 *          +----+----+----+----+----+----+----+----+   last status read; REQn: DREQ or a software request
 *  command:  bit 2 = controller disable (modelled); bit 0 memory-to-memory, bit 1 address hold, bit 3
 *            compressed timing, bit 4 rotating priority, bit 5 extended write, bit 6 DREQ sense, bit 7 DACK
 *            sense are stored but change nothing: a PC never sets them.
 * </pre>
 *
 * <p>Single mask and request registers take {@code bit 2 = set (1) or clear (0), bits 1:0 = channel}.
 * Reading the mask back at index 15 is what later PC chipsets (82374, PIIX) allow; the 8237A itself has no read
 * path there. A software request only shows in the status register: no device answers its DACK, so this model
 * runs no cycles for it.
 */
final class I8237 {

    static final int REG_STATUS_COMMAND = 8;
    static final int REG_REQUEST = 9;
    static final int REG_SINGLE_MASK = 10;
    static final int REG_MODE = 11;
    static final int REG_CLEAR_FLIP_FLOP = 12;
    static final int REG_MASTER_CLEAR = 13;
    static final int REG_CLEAR_MASKS = 14;
    static final int REG_ALL_MASKS = 15;

    private static final int COMMAND_DISABLE = 0x04;

    private final DmaChannel[] channels = new DmaChannel[4];
    /** false: the next channel register access takes the low byte. */
    private boolean flipFlopHigh;
    private int command;
    /** Status bits 3:0. */
    private int terminalCounts;
    /** Software requests, one bit a channel. */
    private int softwareRequests;
    /** DREQ lines as the devices drive them, one bit a channel. */
    private int dreqLines;
    private int masks;

    I8237(boolean wordChannels) {
        for (int i = 0; i < 4; i++) {
            channels[i] = new DmaChannel(wordChannels);
        }
        masterClear();
    }

    DmaChannel channel(int i) {
        return channels[i];
    }

    // ---------------------------------------------------------------------------------------------------------
    // The CPU's view

    int read(int index) {
        if (index < 8) {
            DmaChannel ch = channels[index >>> 1];
            boolean high = toggleFlipFlop();
            return (index & 1) == 0 ? ch.readAddressByte(high) : ch.readCountByte(high);
        }
        switch (index) {
            case REG_STATUS_COMMAND: {
                int status = ((softwareRequests | dreqLines) << 4) | terminalCounts;
                terminalCounts = 0; // read-to-clear [QEMU i8257 read_cont]
                return status;
            }
            case REG_MASTER_CLEAR:
                return 0; // the temporary register: only memory-to-memory transfers load it
            case REG_ALL_MASKS:
                return 0xF0 | masks;
            default:
                return 0xFF;
        }
    }

    void write(int index, int value) {
        if (index < 8) {
            DmaChannel ch = channels[index >>> 1];
            boolean high = toggleFlipFlop();
            if ((index & 1) == 0) {
                ch.writeAddressByte(high, value);
            } else {
                ch.writeCountByte(high, value);
            }
            return;
        }
        int bit = 1 << (value & 3);
        boolean set = (value & 4) != 0;
        switch (index) {
            case REG_STATUS_COMMAND -> command = value & 0xFF;
            case REG_REQUEST -> softwareRequests = set ? softwareRequests | bit : softwareRequests & ~bit;
            case REG_SINGLE_MASK -> masks = set ? masks | bit : masks & ~bit;
            case REG_MODE -> channels[value & 3].writeMode(value);
            case REG_CLEAR_FLIP_FLOP -> flipFlopHigh = false;
            case REG_MASTER_CLEAR -> masterClear();
            case REG_CLEAR_MASKS -> masks = 0;
            case REG_ALL_MASKS -> masks = value & 0xF;
            default -> { } // not reached: index is 0..15
        }
    }

    private boolean toggleFlipFlop() {
        boolean high = flipFlopHigh;
        flipFlopHigh = !high;
        return high;
    }

    /**
     * Master clear, the same as a hardware reset [8237A datasheet]: command, status, request and temporary
     * registers and the flip-flop cleared, every channel masked. Mode, address and count registers keep their
     * values.
     */
    private void masterClear() {
        command = 0;
        terminalCounts = 0;
        softwareRequests = 0;
        flipFlopHigh = false;
        masks = 0xF;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The device side

    boolean enabled() {
        return (command & COMMAND_DISABLE) == 0;
    }

    boolean masked(int i) {
        return (masks & (1 << i)) != 0;
    }

    void setDreq(int i, boolean high) {
        dreqLines = high ? dreqLines | (1 << i) : dreqLines & ~(1 << i);
    }

    /**
     * What the 8237 does when channel {@code i} reaches terminal count: the TC status bit goes up, its software
     * request is dropped, and unless the channel auto-initializes its mask bit is set [8237A datasheet, "EOP"].
     */
    void terminalCount(int i) {
        terminalCounts |= 1 << i;
        softwareRequests &= ~(1 << i);
        DmaChannel ch = channels[i];
        if (ch.autoInit()) {
            ch.reload();
        } else {
            masks |= 1 << i;
        }
    }
}
