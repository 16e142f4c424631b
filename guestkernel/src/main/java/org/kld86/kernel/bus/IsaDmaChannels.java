package org.kld86.kernel.bus;

import static org.kld86.kpi.Errno.EBUSY;
import static org.kld86.kpi.Errno.ENOMEM;

import org.kld86.emulator.cpu.Cpu;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.vm.VmLayout;

/**
 * ISA DMA for drivers (FreeBSD sys/x86/isa/isa_dma.c): the eight channels of the 8237 pair, programmed through
 * port I/O exactly as isa_dmastart programs them, with bounce buffers for transfers the controller cannot reach.
 *
 * <pre>
 *   channels 0-3 (8-bit)   mode 0x0B, flip-flop 0x0C, single mask 0x0A, status 0x08, address 2n, count 2n+1
 *   channels 4-7 (16-bit)  mode 0xD6, flip-flop 0xD8, single mask 0xD4, status 0xD0, address 0xC0+4(n-4), count +2
 *   page registers         0x87 0x83 0x81 0x82 0x8F 0x8B 0x89 0x8A (dmapageport[])
 *
 *   isa_dmastart: mode, clear flip-flop, address low, high, page = phys >> 16, count - 1 low, high, unmask
 *   (16-bit channels: address phys >> 1, count bytes / 2 - 1)
 * </pre>
 *
 * <p>A transfer needs physically contiguous memory below 16 MiB that does not cross a 64 KiB (8-bit) or 128 KiB
 * (16-bit) boundary (isa_dmarangecheck); anything else goes through the channel's bounce buffer, contigmalloc'd
 * by isa_dma_init with exactly those limits. The buffer is copied in at start for a write to the device and
 * copied out at done for a read from it. The messages are FreeBSD's; the "impossible request" checks are
 * DIAGNOSTIC ones.
 */
public final class IsaDmaChannels {

    /** Transfer flags (sys/isa/isavar.h): READ is device to memory, RAW is auto-initialize. */
    public static final int ISADMA_WRITE = 0;
    public static final int ISADMA_READ = 0x00100000;
    public static final int ISADMA_RAW = 0x00080000;

    static final int DMA1_STATUS = 0x08;
    static final int DMA1_SMSK = 0x0A;
    static final int DMA1_MODE = 0x0B;
    static final int DMA1_FFC = 0x0C;
    static final int DMA2_STATUS = 0xD0;
    static final int DMA2_SMSK = 0xD4;
    static final int DMA2_MODE = 0xD6;
    static final int DMA2_FFC = 0xD8;
    static final int DMA37MD_SINGLE = 0x40;
    static final int DMA37MD_WRITE = 0x04;
    static final int DMA37MD_READ = 0x08;
    static final int DMA37MD_AUTO = 0x50;
    static final int DMA37MD_CASCADE = 0xC0;
    static final int[] DMAPAGEPORT = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};
    /** ISARAM_END: the controller's 24-bit reach. */
    static final long ISARAM_END = 0x100_0000L;

    private final Kernel kernel;
    private final Cpu cpu;
    private final long[] bounceVa = new long[8];
    private final int[] bounceSize = new int[8];
    private int bounced;
    private int busy;
    private int inuse;
    private int autoMode;

    public IsaDmaChannels(Kernel kernel) {
        this.kernel = kernel;
        this.cpu = kernel.machine().cpu();
    }

    private static int dma1Chn(int chan) {
        return 2 * chan;
    }

    private static int dma2Chn(int chan) {
        return 0xC0 + 4 * chan;
    }

    private void checkChannel(String function, int chan) {
        if ((chan & ~7) != 0) {
            throw kernel.panic("%s: channel out of range", function);
        }
    }

    /** isa_dma_init: the channel's bounce buffer, once; 0 or ENOMEM. */
    public int init(int chan, int bounceBytes, int mallocFlags) {
        checkChannel("isa_dma_init", chan);
        if (bounceVa[chan] != 0) {
            return 0;
        }
        var malloc = kernel.malloc();
        long buf = malloc.malloc(bounceBytes, malloc.M_DEVBUF, mallocFlags);
        if (buf != 0) {
            if (!needsBounce(buf, bounceBytes, chan)) {
                bounceVa[chan] = buf;
                bounceSize[chan] = bounceBytes;
                return 0;
            }
            malloc.free(buf, malloc.M_DEVBUF);
        }
        buf = malloc.contigmalloc(bounceBytes, malloc.M_DEVBUF, mallocFlags, 0, 0xFFFFFFL, 1,
                (chan & 4) != 0 ? 0x20000L : 0x10000L);
        if (buf == 0) {
            return ENOMEM;
        }
        bounceVa[chan] = buf;
        bounceSize[chan] = bounceBytes;
        return 0;
    }

    /** The old isa_dmainit: isa_dma_init with M_NOWAIT that only complains on failure. */
    public void initOld(int chan, int bounceBytes) {
        if (init(chan, bounceBytes, MallocFlags.M_NOWAIT) != 0) {
            kernel.console().printf("isa_dmainit(%d, %d) failed%n", chan, bounceBytes);
        }
    }

    /** isa_dma_acquire: 0, or EBUSY if another driver holds the channel. */
    public int acquire(int chan) {
        checkChannel("isa_dma_acquire", chan);
        if ((inuse & 1 << chan) != 0) {
            kernel.console().printf("isa_dma_acquire: channel %d already in use%n", chan);
            return EBUSY;
        }
        inuse |= 1 << chan;
        autoMode &= ~(1 << chan);
        return 0;
    }

    /** isa_dma_release. */
    public void release(int chan) {
        checkChannel("isa_dma_release", chan);
        if (kernel.options().diagnostic() && (inuse & 1 << chan) == 0) {
            kernel.console().printf("isa_dma_release: channel %d not in use%n", chan);
        }
        busy &= ~(1 << chan);
        inuse &= ~(1 << chan);
        autoMode &= ~(1 << chan);
    }

    /** isa_dmacascade: hands the channel to a bus-mastering ISA board. */
    public void cascade(int chan) {
        checkChannel("isa_dmacascade", chan);
        if ((chan & 4) == 0) {
            cpu.out8(DMA1_MODE, DMA37MD_CASCADE | chan);
            cpu.out8(DMA1_SMSK, chan);
        } else {
            cpu.out8(DMA2_MODE, DMA37MD_CASCADE | (chan & 3));
            cpu.out8(DMA2_SMSK, chan & 3);
        }
    }

    /**
     * isa_dmastart: programs the channel for {@code nbytes} at kernel address {@code va}, through the bounce
     * buffer if the controller cannot reach the memory.
     */
    public void start(int flags, long va, int nbytes, int chan) {
        checkChannel("isa_dmastart", chan);
        if (kernel.options().diagnostic()) {
            if ((chan < 4 && nbytes > 1 << 16) || (chan >= 4 && (nbytes > 1 << 17 || (va & 1) != 0))) {
                throw kernel.panic("isa_dmastart: impossible request");
            }
            if ((inuse & 1 << chan) == 0) {
                kernel.console().printf("isa_dmastart: channel %d not acquired%n", chan);
            }
        }
        busy |= 1 << chan;
        long addr = va;
        if (needsBounce(va, nbytes, chan)) {
            if (bounceVa[chan] == 0 || bounceSize[chan] < nbytes) {
                throw kernel.panic("isa_dmastart: bad bounce buffer");
            }
            bounced |= 1 << chan;
            if ((flags & ISADMA_READ) == 0) {
                kernel.memory().copy(bounceVa[chan], va, nbytes);
            }
            addr = bounceVa[chan];
        }
        long phys = kernel.vm().pmap().extract(addr);
        if ((flags & ISADMA_RAW) != 0) {
            autoMode |= 1 << chan;
        } else {
            autoMode &= ~(1 << chan);
        }
        int direction = (flags & ISADMA_READ) != 0 ? DMA37MD_WRITE : DMA37MD_READ;
        int mode = ((flags & ISADMA_RAW) != 0 ? DMA37MD_AUTO : DMA37MD_SINGLE) | direction;
        int count = nbytes;
        if ((chan & 4) == 0) {
            cpu.out8(DMA1_MODE, mode | chan);
            cpu.out8(DMA1_FFC, 0);
            int waport = dma1Chn(chan);
            cpu.out8(waport, (int) phys & 0xFF);
            cpu.out8(waport, (int) (phys >> 8) & 0xFF);
            cpu.out8(DMAPAGEPORT[chan], (int) (phys >> 16) & 0xFF);
            count--;
            cpu.out8(waport + 1, count & 0xFF);
            cpu.out8(waport + 1, (count >> 8) & 0xFF);
            cpu.out8(DMA1_SMSK, chan);
        } else {
            cpu.out8(DMA2_MODE, mode | (chan & 3));
            cpu.out8(DMA2_FFC, 0);
            int waport = dma2Chn(chan - 4);
            cpu.out8(waport, (int) (phys >> 1) & 0xFF);
            cpu.out8(waport, (int) (phys >> 9) & 0xFF);
            cpu.out8(DMAPAGEPORT[chan], (int) (phys >> 16) & 0xFF);
            count = (count >> 1) - 1;
            cpu.out8(waport + 2, count & 0xFF);
            cpu.out8(waport + 2, (count >> 8) & 0xFF);
            cpu.out8(DMA2_SMSK, chan & 3);
        }
    }

    /** isa_dmadone: masks the channel (unless auto-initializing) and copies a bounced read back. */
    public void done(int flags, long va, int nbytes, int chan) {
        checkChannel("isa_dmadone", chan);
        if (kernel.options().diagnostic() && (inuse & 1 << chan) == 0) {
            kernel.console().printf("isa_dmadone: channel %d not acquired%n", chan);
        }
        if ((busy & 1 << chan) == 0 && (autoMode & 1 << chan) == 0) {
            kernel.console().printf("isa_dmadone: channel %d not busy%n", chan);
        }
        if ((autoMode & 1 << chan) == 0) {
            cpu.out8((chan & 4) != 0 ? DMA2_SMSK : DMA1_SMSK, (chan & 3) | 4);
        }
        if ((bounced & 1 << chan) != 0) {
            if ((flags & ISADMA_READ) != 0) {
                kernel.memory().copy(va, bounceVa[chan], nbytes);
            }
            bounced &= ~(1 << chan);
        }
        busy &= ~(1 << chan);
    }

    /**
     * isa_dmastatus: the bytes the transfer still has to move, reading the count twice in case the low byte rolls
     * over between the reads; -1 if the channel is not acquired, -2 if it is not busy.
     */
    public int status(int chan) {
        if ((inuse & 1 << chan) == 0) {
            kernel.console().printf("isa_dmastatus: channel %d not active%n", chan);
            return -1;
        }
        if ((busy & 1 << chan) == 0 && (autoMode & 1 << chan) == 0) {
            kernel.console().printf("chan %d not busy%n", chan);
            return -2;
        }
        int ffport = chan < 4 ? DMA1_FFC : DMA2_FFC;
        int waport = chan < 4 ? dma1Chn(chan) + 1 : dma2Chn(chan - 4) + 2;
        boolean wasEnabled = cpu.interruptsEnabled();
        cpu.setInterruptsEnabled(false);
        cpu.out8(ffport, 0);
        int low1 = cpu.in8(waport);
        int high1 = cpu.in8(waport);
        cpu.out8(ffport, 0);
        int low2 = cpu.in8(waport);
        int high2 = cpu.in8(waport);
        cpu.setInterruptsEnabled(wasEnabled);
        // After terminal count the counter reads 0xFFFF: adding one and masking gives the 0 left to move.
        int cnt = low1 >= low2 ? (low1 + (high1 << 8) + 1) & 0xFFFF : (low2 + (high2 << 8) + 1) & 0xFFFF;
        return chan >= 4 ? cnt * 2 : cnt;
    }

    /** isa_dmatc: whether the channel has reached terminal count (reading status clears the TC bits). */
    public boolean terminalCount(int chan) {
        int status = chan < 4 ? cpu.in8(DMA1_STATUS) : cpu.in8(DMA2_STATUS);
        return (status & 1 << (chan & 3)) != 0;
    }

    /** isa_dmastop: masks the channel and returns what was left, as isa_dmastatus. */
    public int stop(int chan) {
        if ((inuse & 1 << chan) == 0) {
            kernel.console().printf("isa_dmastop: channel %d not acquired%n", chan);
        }
        if ((busy & 1 << chan) == 0 && (autoMode & 1 << chan) == 0) {
            kernel.console().printf("chan %d not busy%n", chan);
            return -2;
        }
        cpu.out8((chan & 4) == 0 ? DMA1_SMSK : DMA2_SMSK, (chan & 3) | 4);
        return status(chan);
    }

    /**
     * isa_dmarangecheck: whether the range needs the bounce buffer (not contiguous, at or above 16 MiB, or across
     * a 64 KiB / 128 KiB page).
     */
    boolean needsBounce(long va, int length, int chan) {
        long mask = (chan & 4) != 0 ? ~(128L * 1024 - 1) : ~(64L * 1024 - 1);
        long endVa = (va + length + VmLayout.PAGE_SIZE - 1) & ~(long) (VmLayout.PAGE_SIZE - 1);
        long prior = 0;
        for (long p = va; p < endVa; p += VmLayout.PAGE_SIZE) {
            long pa = kernel.vm().pmap().extract(p);
            if (pa < 0) {
                throw kernel.panic("isa_dmacheck: no physical page present");
            }
            long phys = pa & ~(long) (VmLayout.PAGE_SIZE - 1);
            if (phys >= ISARAM_END) {
                return true;
            }
            if (prior != 0) {
                if (prior + VmLayout.PAGE_SIZE != phys) {
                    return true;
                }
                if (((prior ^ phys) & mask) != 0) {
                    return true;
                }
            }
            prior = phys;
        }
        return false;
    }

    /** The channel's bounce buffer (kernel address), or 0. */
    public long bounceBuffer(int chan) {
        return bounceVa[chan];
    }
}
