package org.kld86.kernel.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.kernel.proc.Scheduler;

/**
 * How a request for pages is served, for both the FreeBSD and the Linux allocators: the slow path of Linux's
 * {@code __alloc_pages()} and FreeBSD's {@code vm_page_alloc} / {@code vm_wait}.
 *
 * <ol>
 *   <li>Take pages above the zone's low watermark (the fast path).</li>
 *   <li>Take them down to the min watermark; an atomic request (GFP_ATOMIC, M_USE_RESERVE) may go further
 *       into the reserve (ALLOC_HIGH | ALLOC_HARDER).</li>
 *   <li>A request that may sleep first asks the caches to give back what they hold (UMA buckets and empty
 *       slabs: the shrinkers), then sleeps until pages are freed, and tries again.</li>
 *   <li>A request that may not sleep fails; unless told not to ({@link #NOWARN}), the kernel warns once in
 *       Linux's words: {@code page allocation failure: order:N, mode:0x..}.</li>
 * </ol>
 * A sleeping request cannot fail: it waits until memory comes back. When a wait goes a whole
 * {@linkplain #setOomKiller patience} without a page being freed, the out-of-memory killer picks a process to die
 * (vm_pageout_oom: the largest) so that its memory comes back; a request for a page fault ({@link #KILLABLE}) of
 * the chosen process itself then fails, and the fault ends in the process's death instead of a wait that could not
 * end. If there is no process to kill and no thread could ever free a page (every thread asleep, no event pending),
 * the kernel panics with an out-of-memory report instead of hanging.
 */
public final class PageRequests {

    /** The request may sleep (GFP_KERNEL, M_WAITOK). */
    public static final int WAIT = 1;
    /** The request may use the reserve below the min watermark (GFP_ATOMIC's __GFP_HIGH, M_USE_RESERVE). */
    public static final int RESERVE = 1 << 1;
    /** Do not warn when a non-sleeping request fails (__GFP_NOWARN). */
    public static final int NOWARN = 1 << 2;
    /** Zero the pages (__GFP_ZERO, M_ZERO). */
    public static final int ZERO = 1 << 3;
    /**
     * With {@link #WAIT}: the request is a page fault of the current process, which may fail when the
     * out-of-memory killer has chosen that very process (vm_fault of a P_KILLED process gives up).
     */
    public static final int KILLABLE = 1 << 4;

    /** The out-of-memory killer's verdict. */
    public enum OomVerdict {
        /** No process could be chosen. */
        NONE,
        /** Another process was killed: its memory comes back when it exits. */
        OTHER,
        /** The process making the request was chosen (or was already dying). */
        SELF
    }

    /** vm_pageout_oom(): chooses a process to kill so that memory comes back. */
    @FunctionalInterface
    public interface OomKiller {
        OomVerdict kill(boolean pageFault);
    }

    /** The wait channel of requests waiting for memory (FreeBSD's "vmwait"). */
    public static final String VMWAIT = "vmwait";

    private final Vm vm;
    private final PhysicalMemory phys;
    private final Scheduler scheduler;
    private final List<BooleanSupplier> shrinkers = new ArrayList<>();
    private final Object vmwaitChannel = new Object();
    private Warning warning = (order, mode) -> { };
    private long failures;
    private long waits;
    private OomKiller oomKiller = pageFault -> OomVerdict.NONE;
    private long oomPatience;

    /** How a failed non-sleeping request is reported. */
    public interface Warning {
        void allocationFailure(int order, int mode);
    }

    public PageRequests(Vm vm, PhysicalMemory phys, Scheduler scheduler) {
        this.vm = vm;
        this.phys = phys;
        this.scheduler = scheduler;
        vm.allocator().addFreeListener(() -> scheduler.wakeup(vmwaitChannel));
    }

    public void setWarning(Warning w) {
        this.warning = w;
    }

    /**
     * Sets the out-of-memory killer and how much virtual time (cycles) a request waits with no page freed before
     * it is called (FreeBSD's pagedaemon declares OOM after vm.pageout_oom_seq passes that reclaim nothing).
     */
    public void setOomKiller(OomKiller killer, long patienceCycles) {
        this.oomKiller = killer;
        this.oomPatience = patienceCycles;
    }

    /**
     * Registers a shrinker: asked to give pages back before a sleeping request sleeps. It returns whether it
     * freed anything.
     */
    public void addShrinker(BooleanSupplier shrinker) {
        shrinkers.add(shrinker);
    }

    public Vm vm() {
        return vm;
    }

    /** Failed (non-sleeping) requests since boot. */
    public long failures() {
        return failures;
    }

    /** Times a sleeping request had to wait for memory. */
    public long waits() {
        return waits;
    }

    /**
     * Allocates 2^order pages from {@code highestZone} down.
     *
     * @param mode {@link #WAIT}, {@link #RESERVE}, {@link #NOWARN}, {@link #ZERO}
     * @return the first frame, or {@link PageDescriptors#NO_PFN} (never for {@link #WAIT} with a valid order)
     */
    public int allocPages(int order, int highestZone, int mode) {
        if (order < 0 || order > Zone.MAX_PAGE_ORDER) {
            if ((mode & NOWARN) == 0) {
                warning.allocationFailure(order, mode);
            }
            return PageDescriptors.NO_PFN;
        }
        PageAllocator a = vm.allocator();
        int pfn = a.alloc(order, highestZone, PageAllocator.ALLOC_WMARK_LOW);
        int minFlags = PageAllocator.ALLOC_WMARK_MIN
                | ((mode & RESERVE) != 0 ? PageAllocator.ALLOC_HIGH | PageAllocator.ALLOC_HARDER : 0);
        if (pfn == PageDescriptors.NO_PFN) {
            pfn = a.alloc(order, highestZone, minFlags);
        }
        while (pfn == PageDescriptors.NO_PFN && (mode & WAIT) != 0) {
            boolean freed = false;
            for (BooleanSupplier s : shrinkers) {
                freed |= s.getAsBoolean();
            }
            pfn = a.alloc(order, highestZone, minFlags);
            if (pfn == PageDescriptors.NO_PFN && !freed) {
                waits++;
                boolean woken = scheduler.sleep(vmwaitChannel, VMWAIT, oomPatience);
                pfn = a.alloc(order, highestZone, minFlags);
                if (pfn == PageDescriptors.NO_PFN && !woken) {
                    OomVerdict v = oomKiller.kill((mode & KILLABLE) != 0);
                    if (v == OomVerdict.SELF && (mode & KILLABLE) != 0) {
                        failures++;
                        return PageDescriptors.NO_PFN; // the fault fails; the process dies of its SIGKILL
                    }
                    if (v != OomVerdict.OTHER) {
                        // Nothing to kill that would help: wait for a free that may never come (the scheduler
                        // panics if no thread can ever run again).
                        scheduler.sleep(vmwaitChannel, VMWAIT, 0);
                        pfn = a.alloc(order, highestZone, minFlags);
                    }
                }
            }
        }
        if (pfn == PageDescriptors.NO_PFN) {
            failures++;
            if ((mode & NOWARN) == 0) {
                warning.allocationFailure(order, mode);
            }
            return pfn;
        }
        if ((mode & ZERO) != 0) {
            phys.fill((long) pfn << VmLayout.PAGE_SHIFT, (long) VmLayout.PAGE_SIZE << order, 0);
        }
        return pfn;
    }

    /**
     * A physically contiguous run for contigmalloc(9), as FreeBSD's {@code kmem_alloc_contig()} tries it: once
     * for a non-sleeping request, three times for a sleeping one. Between tries the caches are shrunk; if that
     * freed nothing and memory is short (fewer free pages than the zones' min watermarks), a sleeping request
     * waits in vm_wait for a free. Then it gives up: unlike malloc(9), contigmalloc(M_WAITOK) can return NULL,
     * because no amount of waiting makes an impossible run possible.
     */
    public int allocContig(int npages, int lowPfn, int highPfnExclusive, int alignPages, int boundaryPages, int mode) {
        PageAllocator a = vm.allocator();
        int flags = PageAllocator.ALLOC_WMARK_MIN
                | ((mode & RESERVE) != 0 ? PageAllocator.ALLOC_HIGH | PageAllocator.ALLOC_HARDER : 0);
        int tries = 0;
        int pfn;
        while ((pfn = a.allocContig(npages, lowPfn, highPfnExclusive, alignPages, boundaryPages, flags))
                == PageDescriptors.NO_PFN && tries < ((mode & WAIT) != 0 ? 3 : 1)) {
            boolean freed = false;
            for (BooleanSupplier s : shrinkers) {
                freed |= s.getAsBoolean();
            }
            if (!freed && (mode & WAIT) != 0 && memoryShort()) {
                waits++;
                scheduler.sleep(vmwaitChannel, VMWAIT, 0);
            }
            tries++;
        }
        if (pfn == PageDescriptors.NO_PFN) {
            failures++;
            return pfn;
        }
        if ((mode & ZERO) != 0) {
            phys.fill((long) pfn << VmLayout.PAGE_SHIFT, (long) npages << VmLayout.PAGE_SHIFT, 0);
        }
        return pfn;
    }

    /** vm_page_count_min(): whether free memory is below the sum of the zones' min watermarks. */
    public boolean memoryShort() {
        long min = 0;
        for (Zone z : vm.allocator().zones()) {
            min += z.minWatermark();
        }
        return vm.allocator().totalFreePages() < min;
    }

    /** Frees 2^order pages (reported, not corrupting, if they do not match an allocation). */
    public boolean freePages(int pfn, int order) {
        return vm.allocator().free(pfn, order);
    }
}
