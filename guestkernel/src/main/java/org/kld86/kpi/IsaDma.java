package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.bus.IsaDmaChannels;

/**
 * ISA DMA for drivers (FreeBSD isa_dma(9), sys/x86/isa/isa_dma.c): acquire a channel of the 8237 pair, give it a
 * bounce buffer, start a transfer of a kernel buffer, and finish it when the device says it is done.
 *
 * <pre>
 *   isa_dma_init(chan, bouncesize, M_WAITOK);   isa_dma_acquire(chan);
 *   isa_dmastart(ISADMA_READ, buf, n, chan);    // device to memory; ISADMA_WRITE: memory to device
 *   ... the device interrupts ...
 *   isa_dmadone(ISADMA_READ, buf, n, chan);     // copies a bounced read into buf
 * </pre>
 *
 * <p>Traps: the controller reaches only the first 16 MiB, in physically contiguous runs that do not cross a
 * 64 KiB boundary (128 KiB for the 16-bit channels 5-7); any other buffer goes through the bounce buffer, and a
 * transfer bigger than the bounce buffer is a panic ("isa_dmastart: bad bounce buffer"). Channels 5-7 move
 * words: even addresses and lengths only. A read's data is in {@code buf} only after isa_dmadone.
 */
public final class IsaDma {

    private IsaDma() {
    }

    public static final int ISADMA_WRITE = IsaDmaChannels.ISADMA_WRITE;
    public static final int ISADMA_READ = IsaDmaChannels.ISADMA_READ;
    public static final int ISADMA_RAW = IsaDmaChannels.ISADMA_RAW;

    private static IsaDmaChannels dma() {
        return Kernel.current().buses().isaDma();
    }

    /** isa_dma_init(chan, bouncebufsize, flag): 0, or ENOMEM if no bounce buffer could be had. */
    public static int isa_dma_init(int chan, int bouncebufsize, int flag) {
        return dma().init(chan, bouncebufsize, flag);
    }

    /** isa_dmainit(chan, bouncebufsize): the older form, M_NOWAIT, printing a message on failure. */
    public static void isa_dmainit(int chan, int bouncebufsize) {
        dma().initOld(chan, bouncebufsize);
    }

    /** isa_dma_acquire(chan): 0, or EBUSY if the channel is taken. */
    public static int isa_dma_acquire(int chan) {
        return dma().acquire(chan);
    }

    public static void isa_dma_release(int chan) {
        dma().release(chan);
    }

    public static void isa_dmacascade(int chan) {
        dma().cascade(chan);
    }

    /** isa_dmastart(flags, addr, nbytes, chan): {@code addr} is a kernel virtual address. */
    public static void isa_dmastart(int flags, long addr, int nbytes, int chan) {
        dma().start(flags, addr, nbytes, chan);
    }

    public static void isa_dmadone(int flags, long addr, int nbytes, int chan) {
        dma().done(flags, addr, nbytes, chan);
    }

    /** isa_dmastatus(chan): bytes still to move; -1 if the channel is not acquired, -2 if it is idle. */
    public static int isa_dmastatus(int chan) {
        return dma().status(chan);
    }

    /** isa_dmatc(chan): non-zero once the channel reached terminal count. */
    public static int isa_dmatc(int chan) {
        return dma().terminalCount(chan) ? 1 : 0;
    }

    public static int isa_dmastop(int chan) {
        return dma().stop(chan);
    }
}
