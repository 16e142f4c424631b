package org.kld86.emulator.dev.dma;

import org.kld86.emulator.io.IoPortHandler;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * The PC/AT ISA DMA subsystem: two cascaded 8237A controllers and their page registers, a bus master that reaches
 * {@link PhysicalMemory} directly (no MMU) with 24-bit addresses [MACHINE-SEMANTICS §3.1; FreeBSD
 * sys/x86/isa/isa_dma.c, sys/dev/ic/i8237.h].
 *
 * <pre>
 *  ports        what
 *  0x00-0x0F    DMA1, 8-bit channels 0-3 (see {@link I8237} for the register file)
 *  0xC0-0xDF    DMA2, 16-bit channels 4-7, registers on even ports (odd ports read all-ones)
 *  0x80-0x8F    page registers: ch0 0x87, ch1 0x83, ch2 0x81, ch3 0x82, ch4 0x8F, ch5 0x8B, ch6 0x89, ch7 0x8A;
 *               the other ports of the block read all-ones and drop writes
 *
 *  physical address of the next unit:
 *    channels 0-3:  page[7:0] : address[15:0]               (64 KiB page, byte count)
 *    channels 5-7:  page[7:1] : address[15:0] : 0           (128 KiB page, word address, word count)
 * </pre>
 *
 * <p>Channel 4 of DMA2 is the cascade: DMA1's hold request reaches the bus through it, so channels 0-3 move data
 * only while channel 4 is unmasked and in cascade mode and DMA2 is enabled. This machine has no BIOS, so the
 * constructor leaves the pair the way a PC BIOS hands it to the kernel: every channel masked except channel 4,
 * which is in cascade mode. A master clear of DMA2 masks channel 4 and so stops DMA1, as on the real board.
 *
 * <p>Devices move data with {@link #transfer(int, DmaPeer, int)}, the DREQ/DACK handshake as one call, and may
 * show their DREQ level in the status register with {@link #setDreq(int, boolean)}. The controller has no
 * notion of time: a transfer happens at the virtual time of the call, and a device paces its calls on the clock.
 *
 * <p>Wide port accesses are split into byte cycles on consecutive ports, as the ISA bus does for an 8-bit
 * device: an OUTW to 0x00 writes 0x00 and then 0x01.
 */
public final class I8237Pair {

    public static final int CHANNEL_COUNT = 8;
    /** DMA2's channel 4 carries DMA1's requests and is never a device channel. */
    public static final int CASCADE_CHANNEL = 4;

    public static final int DMA1_FIRST_PORT = 0x00;
    public static final int DMA1_PORT_COUNT = 0x10;
    public static final int DMA2_FIRST_PORT = 0xC0;
    public static final int DMA2_PORT_COUNT = 0x20;
    public static final int PAGE_FIRST_PORT = 0x80;
    public static final int PAGE_PORT_COUNT = 0x10;

    /** FreeBSD's {@code dmapageport[]}: the page register port of each channel. */
    private static final int[] PAGE_PORT = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

    private final IoPortSpace ports;
    private final PhysicalMemory memory;
    private final I8237 dma1 = new I8237(false);
    private final I8237 dma2 = new I8237(true);

    /**
     * Builds the pair in the state a PC BIOS leaves it and claims its ports.
     *
     * @throws IllegalArgumentException if an argument is null or a port is already claimed
     */
    public I8237Pair(IoPortSpace ports, PhysicalMemory memory) {
        if (ports == null || memory == null) {
            throw new IllegalArgumentException("I8237Pair: the port space and physical memory must not be null");
        }
        this.ports = ports;
        this.memory = memory;
        dma2.write(I8237.REG_MODE, 0xC0); // channel 4: cascade
        dma2.write(I8237.REG_SINGLE_MASK, 0); // channel 4: unmasked
        ports.claim("dma1", DMA1_FIRST_PORT, DMA1_PORT_COUNT, new ByteWide() {
            @Override
            int in8(int port) {
                return dma1.read(port - DMA1_FIRST_PORT);
            }

            @Override
            void out8(int port, int value) {
                dma1.write(port - DMA1_FIRST_PORT, value);
            }
        });
        ports.claim("dma-page", PAGE_FIRST_PORT, PAGE_PORT_COUNT, new ByteWide() {
            @Override
            int in8(int port) {
                int ch = channelOfPagePort(port);
                return ch < 0 ? 0xFF : channel(ch).page();
            }

            @Override
            void out8(int port, int value) {
                int ch = channelOfPagePort(port);
                if (ch >= 0) {
                    channel(ch).writePage(value);
                }
            }
        });
        ports.claim("dma2", DMA2_FIRST_PORT, DMA2_PORT_COUNT, new ByteWide() {
            @Override
            int in8(int port) {
                int off = port - DMA2_FIRST_PORT;
                return (off & 1) != 0 ? 0xFF : dma2.read(off >>> 1);
            }

            @Override
            void out8(int port, int value) {
                int off = port - DMA2_FIRST_PORT;
                if ((off & 1) == 0) {
                    dma2.write(off >>> 1, value);
                }
            }
        });
    }

    /**
     * An 8-bit ISA decoder: a 16- or 32-bit access becomes byte cycles on consecutive ports, each decoded by the
     * port space on its own (so a byte past this device's range reaches whoever owns that port).
     */
    private abstract class ByteWide implements IoPortHandler {
        abstract int in8(int port);

        abstract void out8(int port, int value);

        @Override
        public final int in(int port, int size) {
            if (size == 1) {
                return in8(port) & 0xFF;
            }
            int value = 0;
            for (int i = 0; i < size; i++) {
                value |= ports.in8(port + i) << (8 * i);
            }
            return value;
        }

        @Override
        public final void out(int port, int size, int value) {
            if (size == 1) {
                out8(port, value & 0xFF);
                return;
            }
            for (int i = 0; i < size; i++) {
                ports.out8(port + i, value >>> (8 * i));
            }
        }
    }

    private static int channelOfPagePort(int port) {
        for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
            if (PAGE_PORT[ch] == port) {
                return ch;
            }
        }
        return -1;
    }

    private I8237 controller(int channel) {
        return channel < 4 ? dma1 : dma2;
    }

    private DmaChannel channel(int channel) {
        return controller(channel).channel(channel & 3);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The device side

    /** Bytes in one transfer unit of {@code channel}: 1 on channels 0-3, 2 on channels 5-7. */
    public static int unitBytes(int channel) {
        checkDeviceChannel(channel);
        return channel < 4 ? 1 : 2;
    }

    /**
     * Runs the DMA cycles for one DREQ/DACK handshake of a device on {@code channel}, at the current virtual time.
     *
     * <p>Nothing moves (the result is 0) while the channel is masked, is in cascade mode, or its controller is
     * disabled; channels 0-3 also need channel 4 open (see the class comment). Otherwise units move one by one,
     * each at the channel's current address, until {@code maxUnits} have moved or the channel reaches terminal
     * count, whichever comes first. Block mode is the exception: once granted, the 8237 ignores DREQ and runs to
     * terminal count, so it may move more than {@code maxUnits}; the peer must keep supplying or accepting.
     * Demand and single mode both honour {@code maxUnits} (single mode as that many back-to-back handshakes).
     *
     * <p>At terminal count the controller sets the channel's TC status bit, reloads the base registers if the
     * channel auto-initializes or masks it if not (the count then reads 0xFFFF), tells the peer
     * ({@link DmaPeer#terminalCount()}) and returns.
     *
     * @param maxUnits how many units the device has ready: bytes on channels 0-3, words on 5-7
     * @return the units moved (counted too in verify mode, where no data moves)
     * @throws IllegalArgumentException for channel 4 or a channel outside 0-7, a null peer, or a negative count
     */
    public int transfer(int channel, DmaPeer peer, int maxUnits) {
        checkDeviceChannel(channel);
        if (peer == null) {
            throw new IllegalArgumentException("transfer: channel " + channel + ": the peer must not be null");
        }
        if (maxUnits < 0) {
            throw new IllegalArgumentException("transfer: channel " + channel + ": negative unit count " + maxUnits);
        }
        if (maxUnits == 0 || !granted(channel)) {
            return 0;
        }
        I8237 c = controller(channel);
        DmaChannel ch = c.channel(channel & 3);
        int limit = ch.transferMode() == DmaChannel.MODE_BLOCK ? Integer.MAX_VALUE : maxUnits;
        int type = ch.transferType();
        boolean word = ch.wordChannel();
        int moved = 0;
        while (moved < limit) {
            long pa = ch.pa();
            if (type == DmaChannel.TYPE_WRITE) {
                int unit = peer.ioRead();
                if (word) {
                    memory.write16(pa, unit);
                } else {
                    memory.write8(pa, unit);
                }
            } else if (type == DmaChannel.TYPE_READ) {
                peer.ioWrite(word ? memory.read16(pa) : memory.read8(pa));
            }
            moved++;
            if (ch.step()) {
                c.terminalCount(channel & 3);
                peer.terminalCount();
                break;
            }
        }
        return moved;
    }

    /** Whether the controller would answer a DREQ on {@code channel} now. */
    private boolean granted(int channel) {
        I8237 c = controller(channel);
        int i = channel & 3;
        if (!c.enabled() || c.masked(i) || c.channel(i).transferMode() == DmaChannel.MODE_CASCADE) {
            return false;
        }
        if (channel < 4) {
            // DMA1 holds the bus only through DMA2's channel 4.
            return dma2.enabled() && !dma2.masked(0) && dma2.channel(0).transferMode() == DmaChannel.MODE_CASCADE;
        }
        return true;
    }

    /**
     * Units {@code channel} will move before terminal count if nobody reprograms it: its current count + 1
     * (1 to 65536). A device reads it to schedule its completion at the exact time of the last unit; the real
     * device would simply see TC on that cycle.
     */
    public int unitsToTerminalCount(int channel) {
        checkDeviceChannel(channel);
        return channel(channel).unitsToTerminalCount();
    }

    /**
     * Drives the DREQ line of {@code channel}, which shows as a request bit in the status register. It does not
     * move data: that is {@link #transfer}.
     */
    public void setDreq(int channel, boolean high) {
        checkDeviceChannel(channel);
        controller(channel).setDreq(channel & 3, high);
    }

    private static void checkDeviceChannel(int channel) {
        if (channel < 0 || channel >= CHANNEL_COUNT) {
            throw new IllegalArgumentException("DMA channel " + channel + " does not exist: channels are 0-7");
        }
        if (channel == CASCADE_CHANNEL) {
            throw new IllegalArgumentException("DMA channel 4 is the cascade from DMA1 and serves no device");
        }
    }
}
