package org.kld86.kernel.linux;

import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;

/**
 * Linux's GFP ("get free pages") flags: how an allocation may behave (sleep, use the reserve, warn) and where its
 * pages may come from (which zones).
 *
 * <p>The values are those of <b>Linux 3.10</b> ({@code include/linux/gfp.h}), the era LDD3's drivers were ported
 * to and whose {@code /proc} formats this package prints. 3.10 still has {@code __GFP_WAIT} (0x10), the bit that
 * later kernels (4.4+) split into {@code __GFP_DIRECT_RECLAIM} and {@code __GFP_KSWAPD_RECLAIM} and moved; so in
 * 3.10 {@code GFP_KERNEL} is the familiar {@code 0xd0}, {@code GFP_ATOMIC} is {@code 0x20} and {@code GFP_NOWAIT}
 * is 0. A failed allocation reports the mask in these values ({@code page allocation failure: order:0,
 * mode:0x20}).
 *
 * <pre>
 *   bit   0x01 __GFP_DMA       zone modifiers (the low 4 bits)
 *         0x02 __GFP_HIGHMEM
 *         0x04 __GFP_DMA32     (no ZONE_DMA32 on i386: means Normal)
 *         0x08 __GFP_MOVABLE
 *         0x10 __GFP_WAIT      may sleep: direct reclaim, waiting for a free
 *         0x20 __GFP_HIGH      may dip into the emergency reserve
 *         0x40 __GFP_IO, 0x80 __GFP_FS
 *        0x200 __GFP_NOWARN    no "page allocation failure" report
 *        0x800 __GFP_NOFAIL, 0x1000 __GFP_NORETRY, 0x8000 __GFP_ZERO, 0x20000 __GFP_HARDWALL
 * </pre>
 *
 * <p>The trap: GFP_KERNEL may sleep, so it must never be used in interrupt context (the might_sleep check panics
 * here); GFP_ATOMIC never sleeps and can fail, so its result must always be checked.
 */
public final class Gfp {

    private Gfp() {
    }

    public static final int __GFP_DMA = 0x01;
    public static final int __GFP_HIGHMEM = 0x02;
    public static final int __GFP_DMA32 = 0x04;
    public static final int __GFP_MOVABLE = 0x08;
    /** The request may sleep (3.10's name for what 4.4+ calls __GFP_DIRECT_RECLAIM). */
    public static final int __GFP_WAIT = 0x10;
    /** The request may use the emergency reserve below the min watermark. */
    public static final int __GFP_HIGH = 0x20;
    public static final int __GFP_IO = 0x40;
    public static final int __GFP_FS = 0x80;
    public static final int __GFP_COLD = 0x100;
    public static final int __GFP_NOWARN = 0x200;
    public static final int __GFP_REPEAT = 0x400;
    public static final int __GFP_NOFAIL = 0x800;
    public static final int __GFP_NORETRY = 0x1000;
    public static final int __GFP_MEMALLOC = 0x2000;
    public static final int __GFP_COMP = 0x4000;
    public static final int __GFP_ZERO = 0x8000;
    public static final int __GFP_NOMEMALLOC = 0x10000;
    public static final int __GFP_HARDWALL = 0x20000;
    public static final int __GFP_THISNODE = 0x40000;
    public static final int __GFP_RECLAIMABLE = 0x80000;

    /** Interrupt handlers and other atomic context: never sleeps, may use the reserve. */
    public static final int GFP_ATOMIC = __GFP_HIGH;
    /** Never sleeps and does not touch the reserve ({@code GFP_ATOMIC & ~__GFP_HIGH}). */
    public static final int GFP_NOWAIT = GFP_ATOMIC & ~__GFP_HIGH;
    public static final int GFP_NOIO = __GFP_WAIT;
    public static final int GFP_NOFS = __GFP_WAIT | __GFP_IO;
    /** Ordinary kernel allocations in process context: may sleep, never fails for small orders. */
    public static final int GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;
    public static final int GFP_USER = __GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    /** ISA DMA memory: ZONE_DMA only, below 16 MiB. */
    public static final int GFP_DMA = __GFP_DMA;

    /**
     * gfp_zone(): the highest zone a request may take pages from; the allocator falls back downwards (HighMem,
     * Normal, DMA). __GFP_DMA means the DMA zone only; __GFP_HIGHMEM all three; anything else Normal and DMA.
     * __GFP_DMA together with __GFP_HIGHMEM is a combination 3.10's GFP_ZONE_TABLE has no entry for (its slot
     * reads as ZONE_DMA), so DMA wins, which is also the safe reading.
     */
    public static int highestZone(int gfp) {
        if ((gfp & __GFP_DMA) != 0) {
            return Zone.DMA;
        }
        if ((gfp & __GFP_HIGHMEM) != 0) {
            return Zone.HIGHMEM;
        }
        return Zone.NORMAL;
    }

    /** Whether the request may sleep (might_sleep_if(gfp_mask &amp; __GFP_WAIT)). */
    public static boolean maySleep(int gfp) {
        return (gfp & __GFP_WAIT) != 0;
    }

    /**
     * The page request mode for {@code gfp}: WAIT iff __GFP_WAIT without __GFP_NORETRY (a NORETRY request
     * gives up instead of waiting for memory), RESERVE iff __GFP_HIGH, NOWARN iff __GFP_NOWARN, ZERO iff
     * __GFP_ZERO. __GFP_NOFAIL adds nothing: a waiting request never fails here anyway, and 3.10 does not
     * honour NOFAIL for requests that may not sleep ("Atomic allocations - we can't balance anything").
     */
    public static int requestMode(int gfp) {
        int mode = 0;
        if (maySleep(gfp) && (gfp & __GFP_NORETRY) == 0) {
            mode |= PageRequests.WAIT;
        }
        if ((gfp & __GFP_HIGH) != 0) {
            mode |= PageRequests.RESERVE;
        }
        if ((gfp & __GFP_NOWARN) != 0) {
            mode |= PageRequests.NOWARN;
        }
        if ((gfp & __GFP_ZERO) != 0) {
            mode |= PageRequests.ZERO;
        }
        return mode;
    }
}
