package org.kld86.emulator.dev.dma;

/**
 * The device end of an ISA DMA channel: what a device does in the bus cycles the 8237 runs for it while DACK is
 * asserted. A device hands its peer to {@link I8237Pair#transfer(int, DmaPeer, int)}; the controller calls back
 * once per transferred unit.
 *
 * <p>Directions are named after the memory side, as the 8237 names its transfer types:
 * <ul>
 *   <li>a <em>write</em> transfer (device to memory, {@code DMA37MD_WRITE}) asserts IOR# and MEMW#: the device
 *       drives the data bus, {@link #ioRead()};
 *   <li>a <em>read</em> transfer (memory to device, {@code DMA37MD_READ}) asserts MEMR# and IOW#: the device
 *       latches the data bus, {@link #ioWrite(int)};
 *   <li>a <em>verify</em> transfer asserts no strobe: the counters run and the peer is not called.
 * </ul>
 *
 * <p>A unit is a byte on channels 0-3 and a 16-bit word on channels 5-7, little-endian: the low byte goes to
 * the even address. The trap: the controller calls whichever strobe its mode register says, not what the device
 * expects, so a device whose driver programmed the wrong direction sees the "wrong" call and must cope, as a
 * real device facing a wrong strobe would.
 */
public interface DmaPeer {

    /** One IOR# cycle of a write transfer: the unit the device puts on the data bus (extra high bits ignored). */
    int ioRead();

    /** One IOW# cycle of a read transfer: the unit read from memory (a byte, or a word on a 16-bit channel). */
    void ioWrite(int unit);

    /**
     * The controller asserted TC (EOP#) with the last unit: the channel reached terminal count. Called after that
     * unit moved and before {@link I8237Pair#transfer} returns.
     */
    default void terminalCount() {
    }
}
