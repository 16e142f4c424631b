package org.kld86.emulator.dev.dma;

/**
 * One channel of an 8237: its base and current address and word-count registers, its mode register, and its
 * page latch. In a PC the page latch sits outside the 8237 (the 74LS612 page register file at ports 0x80-0x8F),
 * but it belongs to exactly one channel, so it lives here.
 *
 * <p>Mode register (port 0x0B on DMA1, 0xD6 on DMA2; bits 1:0 select the channel and are not stored):
 * <pre>
 *    7   6    5     4     3   2    1   0
 *  +-------+-----+-----+-------+-------+
 *  | mode  | dec | ai  | type  |channel|
 *  +-------+-----+-----+-------+-------+
 *  mode: 00 demand, 01 single, 10 block, 11 cascade
 *  dec:  the address counts down instead of up
 *  ai:   auto-initialize: at terminal count, current := base and the channel stays unmasked
 *  type: 00 verify, 01 write (device to memory, DMA37MD_WRITE), 10 read (memory to device, DMA37MD_READ),
 *        11 illegal (this model treats it as verify: no data moves)
 * </pre>
 *
 * <p>The address registers never carry into the page latch: the 16-bit counter wraps 0xFFFF to 0x0000 and the
 * page stays put, so an 8-bit channel stays inside its 64 KiB page and a 16-bit channel inside its 128 KiB page
 * [MACHINE-SEMANTICS §3.1; FreeBSD Handbook, "DMA"]. QEMU's i8257 carries into the page; that is a QEMU bug.
 *
 * <p>On a 16-bit channel (DMA2) the address register holds a word address (A16:A1), the count is in words,
 * and the page latch supplies only A23:A17 (its bit 0 is ignored): there is no A0, so no odd address.
 */
final class DmaChannel {

    static final int TYPE_VERIFY = 0;
    static final int TYPE_WRITE = 1;
    static final int TYPE_READ = 2;
    static final int TYPE_ILLEGAL = 3;

    static final int MODE_DEMAND = 0;
    static final int MODE_SINGLE = 1;
    static final int MODE_BLOCK = 2;
    static final int MODE_CASCADE = 3;

    private static final int AUTO_INIT = 0x10;
    private static final int DECREMENT = 0x20;

    private final boolean wordChannel;

    private int baseAddress;
    private int currentAddress;
    private int baseCount;
    private int currentCount;
    /** Mode register bits 7:2 as written (bits 1:0 cleared). */
    private int mode;
    private int page;

    DmaChannel(boolean wordChannel) {
        this.wordChannel = wordChannel;
    }

    boolean wordChannel() {
        return wordChannel;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Registers as the CPU sees them

    /**
     * A byte write to the address register: the 8237 writes base and current together, so a reprogrammed
     * channel starts from the new value at once.
     */
    void writeAddressByte(boolean high, int value) {
        baseAddress = withByte(baseAddress, high, value);
        currentAddress = baseAddress;
    }

    /** A byte write to the count register, to base and current together like the address. */
    void writeCountByte(boolean high, int value) {
        baseCount = withByte(baseCount, high, value);
        currentCount = baseCount;
    }

    /** A byte of the current address, as a read through the flip-flop returns it. */
    int readAddressByte(boolean high) {
        return high ? currentAddress >>> 8 : currentAddress & 0xFF;
    }

    /** A byte of the current count, as a read through the flip-flop returns it. */
    int readCountByte(boolean high) {
        return high ? currentCount >>> 8 : currentCount & 0xFF;
    }

    private static int withByte(int reg, boolean high, int value) {
        return high ? (reg & 0x00FF) | ((value & 0xFF) << 8) : (reg & 0xFF00) | (value & 0xFF);
    }

    void writeMode(int value) {
        mode = value & 0xFC;
    }

    void writePage(int value) {
        page = value & 0xFF;
    }

    int page() {
        return page;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decoded mode

    int transferType() {
        return (mode >>> 2) & 3;
    }

    int transferMode() {
        return (mode >>> 6) & 3;
    }

    boolean autoInit() {
        return (mode & AUTO_INIT) != 0;
    }

    boolean decrement() {
        return (mode & DECREMENT) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The counters at work

    int currentAddress() {
        return currentAddress;
    }

    int currentCount() {
        return currentCount;
    }

    /** Transfer units (bytes, or words on a 16-bit channel) left before terminal count: count + 1. */
    int unitsToTerminalCount() {
        return currentCount + 1;
    }

    /**
     * The 24-bit physical address of the next unit. Page bits never mix with counter bits, which is what keeps a
     * transfer inside its 64 KiB (8-bit) or 128 KiB (16-bit) page and every address below 16 MiB.
     */
    long pa() {
        if (wordChannel) {
            return ((long) (page & 0xFE) << 16) | ((long) currentAddress << 1);
        }
        return ((long) page << 16) | currentAddress;
    }

    /**
     * Steps past one transferred unit: the address moves by one (wrapping inside the 16-bit counter) and the count
     * goes down by one. Terminal count is the count rolling from 0 to 0xFFFF.
     *
     * @return whether this unit was the terminal count
     */
    boolean step() {
        currentAddress = (currentAddress + (decrement() ? -1 : 1)) & 0xFFFF;
        currentCount = (currentCount - 1) & 0xFFFF;
        return currentCount == 0xFFFF;
    }

    /** Auto-initialization at terminal count: the current registers take the base values again. */
    void reload() {
        currentAddress = baseAddress;
        currentCount = baseCount;
    }
}
