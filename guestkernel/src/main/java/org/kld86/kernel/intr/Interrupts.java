package org.kld86.kernel.intr;

import static org.kld86.kpi.Errno.EBUSY;
import static org.kld86.kpi.Errno.EINVAL;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.kld.ModuleCalls;

/**
 * Interrupt handling for the ISA interrupt lines 0-15 (FreeBSD sys/x86/x86/intr_machdep.c and kern_intr.c,
 * Linux kernel/irq): drivers hang handlers on a line, the kernel unmasks the line at the 8259 pair, and each
 * interrupt runs every handler of the line in interrupt context and then ends it at the controller.
 *
 * <p>Two shapes of driver live on the same lines:
 * <ul>
 *   <li>FreeBSD (bus_setup_intr): a filter, run in interrupt context, returning FILTER_HANDLED,
 *       FILTER_SCHEDULE_THREAD or FILTER_STRAY, and/or a thread routine run by the line's interrupt thread
 *       ({@link Ithread}). INTR_EXCL refuses sharing; an INTR_TYPE_* flag is required, as intr_priority
 *       demands.</li>
 *   <li>Linux (request_irq): a handler returning IRQ_HANDLED or IRQ_NONE, shared only between requests that all
 *       say IRQF_SHARED, told apart by dev_id; a line whose handlers say IRQ_NONE 99,900 times in 100,000 is
 *       turned off as "nobody cared" (note_interrupt).</li>
 * </ul>
 *
 * <p>The end of an interrupt (intr_event_handle): when no thread routine is needed the line is acknowledged
 * (EOI, slave then master for IRQ 8-15) and left unmasked; when one is, a level-triggered line is masked first
 * and unmasked after the thread's pass. A level-triggered line whose device still requests after the EOI
 * interrupts again at once, which is how a PCI driver that forgot to acknowledge its device finds out. An
 * interrupt on a line with no handler is a stray: masked (if level) and acknowledged, logged the first five
 * times ("stray irq%d"). A vector 7 or 15 with nothing in service is the 8259's spurious interrupt and is
 * ignored without an EOI (for 15, only the master's cascade input is ended).
 *
 * <p>Handlers are module code: they run through {@link ModuleCalls}, and when a module is unloaded with a
 * handler still in place, the handler is removed with a warning, so nothing can call into unloaded code.
 */
public final class Interrupts {

    /** driver_filter_t return values (sys/bus.h). */
    public static final int FILTER_STRAY = 0x01;
    public static final int FILTER_HANDLED = 0x02;
    public static final int FILTER_SCHEDULE_THREAD = 0x04;

    /** enum intr_type (sys/bus.h). */
    public static final int INTR_TYPE_TTY = 1;
    public static final int INTR_TYPE_BIO = 2;
    public static final int INTR_TYPE_NET = 4;
    public static final int INTR_TYPE_CAM = 8;
    public static final int INTR_TYPE_MISC = 16;
    public static final int INTR_TYPE_CLK = 32;
    public static final int INTR_TYPE_AV = 64;
    public static final int INTR_EXCL = 256;
    public static final int INTR_MPSAFE = 512;
    public static final int INTR_ENTROPY = 1024;
    private static final int INTR_TYPES = 0x7F;

    /** irqreturn_t and request_irq flags (Linux 3.10 include/linux/irqreturn.h, interrupt.h). */
    public static final int IRQ_NONE = 0;
    public static final int IRQ_HANDLED = 1;
    public static final int IRQ_WAKE_THREAD = 2;
    public static final long IRQF_SHARED = 0x00000080;

    /** MAX_STRAY_LOG: strays logged per line before the kernel stops logging them. */
    static final int MAX_STRAY_LOG = 5;
    /** hw.intr_storm_threshold's default. */
    static final int DEFAULT_STORM_THRESHOLD = 1000;

    private final Kernel kernel;
    private final Cpu cpu;
    private final Atpic atpic;
    private final IntrEvent[] events = new IntrEvent[Atpic.LINES];
    private int stormThreshold = DEFAULT_STORM_THRESHOLD;
    private long spurious;

    /** Takes over the 8259 pair the kernel programmed and installs the gates of vectors 0x20-0x2F. */
    public Interrupts(Kernel kernel) {
        this.kernel = kernel;
        this.cpu = kernel.machine().cpu();
        this.atpic = new Atpic(cpu);
        for (int irq = 0; irq < Atpic.LINES; irq++) {
            events[irq] = new IntrEvent(irq);
            if (irq != Atpic.SLAVE_ID) {
                int line = irq;
                cpu.setGate(Kernel.IRQ_VECTOR_BASE + irq, (v, err) -> dispatch(line));
            }
        }
        kernel.sysctl().addOpaque("hw.intrnames", "Interrupt Names", this::intrnames);
        kernel.sysctl().addOpaque("hw.intrcnt", "Interrupt Counts", this::intrcnt);
        kernel.sysctl().addLong("hw.intr_storm_threshold",
                "Number of consecutive interrupts before storm protection is enabled",
                () -> stormThreshold, v -> stormThreshold = (int) Math.max(0, v));
    }

    // -------------------------------------------------------------------------------------------------------------
    // FreeBSD: bus_setup_intr / bus_teardown_intr

    /**
     * intr_add_handler: hangs a handler named {@code name} on line {@code irq}. {@code owner} is the driver
     * object whose class says which module the code belongs to.
     *
     * @param cookie receives the handler, to tear it down later
     * @return 0, or EINVAL (no filter and no handler, a bad line, or sharing refused by INTR_EXCL)
     */
    public int setup(int irq, String name, ToIntFunction<Object> filter, Consumer<Object> handler, Object arg,
            int flags, Object owner, IntrHandler[] cookie) {
        if ((flags & INTR_TYPES) == 0) {
            throw kernel.panic("intr_priority: no interrupt type in flags");
        }
        if (!validLine(irq) || name == null || (filter == null && handler == null)) {
            return EINVAL;
        }
        IntrEvent ie = events[irq];
        IntrHandler h = new IntrHandler(name, filter, handler, arg, flags, null, ownerOf(owner));
        if (!ie.handlers().isEmpty() && ((flags & INTR_EXCL) != 0 || ie.handlers().get(0).exclusive())) {
            return EINVAL;
        }
        add(ie, h);
        if (cookie != null && cookie.length > 0) {
            cookie[0] = h;
        }
        return 0;
    }

    /** intr_remove_handler: takes the handler off its line; the line is masked when its last handler goes. */
    public int teardown(IntrHandler h) {
        if (h == null || h.event == null) {
            return EINVAL;
        }
        remove(h.event, h);
        return 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Linux: request_irq / free_irq

    /**
     * request_irq(irq, handler, flags, name, dev_id): 0, -EINVAL for a bad line, a missing handler or a shared
     * request without dev_id, -EBUSY when the line is taken and the two do not both say IRQF_SHARED ("genirq:
     * Flags mismatch"). {@code owner} is the driver's handler object, whose class says which module it is.
     */
    public int requestIrq(int irq, IntrHandler.LinuxHandler handler, long flags, String name, Object devId,
            Object owner) {
        if (!validLine(irq) || handler == null || ((flags & IRQF_SHARED) != 0 && devId == null)) {
            return -EINVAL;
        }
        IntrEvent ie = events[irq];
        if (!ie.handlers().isEmpty()) {
            IntrHandler old = ie.handlers().get(0);
            boolean oldShared = old.linux != null ? (old.linux.flags() & IRQF_SHARED) != 0 : !old.exclusive();
            if (!oldShared || (flags & IRQF_SHARED) == 0) {
                long oldFlags = old.linux != null ? old.linux.flags() : 0;
                kernel.console().printf("genirq: Flags mismatch irq %d. %08x (%s) vs. %08x (%s)%n", irq, flags, name,
                        oldFlags, old.name);
                return -EBUSY;
            }
        }
        IntrHandler h = new IntrHandler(name, null, null, null, 0,
                new IntrHandler.LinuxAction(handler, flags, devId), ownerOf(owner));
        add(ie, h);
        return 0;
    }

    /** free_irq(irq, dev_id): removes the handler with that dev_id; WARNs if there is none. */
    public void freeIrq(int irq, Object devId) {
        if (validLine(irq)) {
            IntrEvent ie = events[irq];
            for (IntrHandler h : ie.handlers()) {
                if (h.linux != null && h.linux.devId() == devId) {
                    remove(ie, h);
                    return;
                }
            }
        }
        kernel.console().printf("------------[ cut here ]------------%n");
        kernel.console().printf("WARNING: at kernel/intr/Interrupts.java free_irq()%n");
        kernel.console().printf("Trying to free already-free IRQ %d%n", irq);
        kernel.console().printf("---[ end trace 0000000000000000 ]---%n");
    }

    // -------------------------------------------------------------------------------------------------------------
    // Registration

    private static boolean validLine(int irq) {
        return irq >= 0 && irq < Atpic.LINES && irq != Atpic.SLAVE_ID;
    }

    private LinkerFile ownerOf(Object code) {
        return code == null || kernel.linker() == null ? null : kernel.linker().fileOf(code.getClass());
    }

    private void add(IntrEvent ie, IntrHandler h) {
        ie.add(h);
        if (h.handler != null && ie.ithread == null) {
            ie.ithread = new Ithread(kernel, this, ie);
            ie.ithread.start();
        } else if (ie.ithread != null) {
            ie.ithread.rename();
        }
        if (ie.handlers().size() == 1 && !ie.spuriousDisabled) {
            atpic.enable(ie.irq);
        }
    }

    private void remove(IntrEvent ie, IntrHandler h) {
        if (!ie.remove(h)) {
            return;
        }
        if (ie.ithread != null) {
            ie.ithread.rename();
        }
        if (ie.handlers().isEmpty()) {
            atpic.mask(ie.irq);
            ie.spuriousDisabled = false;
        }
    }

    /** A module is going away: its handlers must not outlive it. */
    public void unloaded(LinkerFile f) {
        for (IntrEvent ie : events) {
            for (IntrHandler h : ie.handlers()) {
                if (h.owner == f) {
                    kernel.console().printf("Warning: %s unloaded with its interrupt handler \"%s\" still on irq%d; removed.%n",
                            f.filename(), h.name, ie.irq);
                    remove(ie, h);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Dispatch

    /** intr_execute_handlers for line {@code irq}, in interrupt context (the CPU raised the nesting level). */
    private void dispatch(int irq) {
        IntrEvent ie = events[irq];
        List<IntrHandler> handlers = ie.handlers();
        if ((irq == 7 || irq == 15) && handlers.isEmpty() && !atpic.inService(irq)) {
            spurious++;
            if (irq == 15) {
                atpic.eoiCascade();
            }
            return;
        }
        ie.count++;
        try {
            if (handlers.isEmpty()) {
                stray(ie);
                return;
            }
            boolean thread = false;
            boolean handled = false;
            for (IntrHandler h : handlers) {
                if (h.linux != null) {
                    handled |= runLinux(ie, h);
                    continue;
                }
                if (h.filter == null) {
                    thread = true;
                    continue;
                }
                int ret = call(h, () -> h.filter.applyAsInt(h.arg));
                boolean valid = ret == FILTER_STRAY || ((ret & (FILTER_SCHEDULE_THREAD | FILTER_HANDLED)) != 0
                        && (ret & ~(FILTER_SCHEDULE_THREAD | FILTER_HANDLED)) == 0);
                if (!valid && kernel.options().invariants()) {
                    throw kernel.panic("intr_event_handle: incorrect return value %#x from %s", ret, h.name);
                }
                handled |= (ret & FILTER_HANDLED) != 0;
                if ((ret & FILTER_SCHEDULE_THREAD) != 0) {
                    if (h.handler == null) {
                        throw kernel.panic("intr_event_handle: %s asked for its interrupt thread but has no thread handler",
                                h.name);
                    }
                    thread = true;
                }
            }
            if (thread) {
                atpic.disableAndEoi(irq);
                ie.ithread.schedule();
            } else {
                atpic.eoi(irq);
            }
            if (ie.hasLinuxHandlers()) {
                noteInterrupt(ie, handled || thread);
            }
        } finally {
            kernel.callouts().runDeferred();
        }
    }

    private int call(IntrHandler h, java.util.function.IntSupplier body) {
        if (h.owner == null) {
            return body.getAsInt();
        }
        return ModuleCalls.call(kernel, h.owner, body::getAsInt);
    }

    /** handle_irq_event_percpu for one Linux action: true if it said IRQ_HANDLED. */
    private boolean runLinux(IntrEvent ie, IntrHandler h) {
        int res = call(h, () -> h.linux.handler().handle(ie.irq, h.linux.devId()));
        if (res > (IRQ_HANDLED | IRQ_WAKE_THREAD) || res < 0) {
            kernel.console().printf("irq event %d: bogus return value %x%n", ie.irq, res);
            return false;
        }
        if ((res & IRQ_WAKE_THREAD) != 0 && !h.warnedNoThread) {
            h.warnedNoThread = true;
            kernel.console().printf("IRQ %d device %s returned IRQ_WAKE_THREAD but no thread function available.%n",
                    ie.irq, h.name);
        }
        return (res & IRQ_HANDLED) != 0;
    }

    /**
     * note_interrupt (kernel/irq/spurious.c, 3.10): an unhandled interrupt more than HZ/10 after the last one
     * restarts the unhandled count; every 100,000 interrupts the line is turned off if more than 99,900 of them
     * were unhandled.
     */
    private void noteInterrupt(IntrEvent ie, boolean handled) {
        long jiffies = kernel.machine().clock().now() / kernel.ticksToCycles(1);
        if (!handled) {
            if (jiffies - ie.linuxLastUnhandledJiffies > Kernel.HZ / 10) {
                ie.linuxIrqsUnhandled = 1;
            } else {
                ie.linuxIrqsUnhandled++;
            }
            ie.linuxLastUnhandledJiffies = jiffies;
        }
        if (++ie.linuxIrqCount < 100_000) {
            return;
        }
        ie.linuxIrqCount = 0;
        if (ie.linuxIrqsUnhandled > 99_900) {
            kernel.console().printf("irq %d: nobody cared (try booting with the \"irqpoll\" option)%n", ie.irq);
            kernel.console().printf("handlers:%n");
            for (IntrHandler h : ie.handlers()) {
                kernel.console().printf("[<%08x>] %s%n", h.owner == null ? 0 : h.owner.address(), h.name);
            }
            kernel.console().printf("Disabling IRQ #%d%n", ie.irq);
            ie.spuriousDisabled = true;
            atpic.mask(ie.irq);
        }
        ie.linuxIrqsUnhandled = 0;
    }

    private void stray(IntrEvent ie) {
        atpic.disableAndEoi(ie.irq);
        ie.strays++;
        if (ie.strays < MAX_STRAY_LOG) {
            kernel.console().log(String.format("stray irq%d%n", ie.irq));
        } else if (ie.strays == MAX_STRAY_LOG) {
            kernel.console().log(String.format("too many stray irq %d's: not logging anymore%n", ie.irq));
        }
    }

    /** ie_post_ithread: after the thread's pass, the line is unmasked again if it still has handlers. */
    void postIthread(IntrEvent ie) {
        if (!ie.handlers().isEmpty() && !ie.spuriousDisabled) {
            atpic.enable(ie.irq);
        }
    }

    int stormThreshold() {
        return stormThreshold;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inspection

    /** What vmstat -i shows of one line: its full name, interrupts taken, and strays. */
    public record Source(int irq, String name, long count, long strays) {
    }

    /** Every line that has a handler or has taken an interrupt, in line order. */
    public List<Source> sources() {
        List<Source> out = new ArrayList<>();
        for (IntrEvent ie : events) {
            if (!ie.handlers().isEmpty() || ie.count > 0) {
                out.add(new Source(ie.irq, ie.fullname(), ie.count, ie.strays));
            }
        }
        return out;
    }

    /**
     * hw.intrnames: the counters' names, each NUL-terminated, in the order of hw.intrcnt: every line as its
     * event and handlers name it ("irq4: uart0", "irq7:" with no handler), then "stray irqN" for each line, as
     * x86's intr_machdep names its stray counters.
     */
    private byte[] intrnames() {
        StringBuilder sb = new StringBuilder();
        for (IntrEvent ie : events) {
            sb.append(ie.fullname()).append('\0');
        }
        for (IntrEvent ie : events) {
            sb.append("stray irq").append(ie.irq).append('\0');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** hw.intrcnt: a u_long (four bytes on i386, little-endian) for each name of hw.intrnames. */
    private byte[] intrcnt() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * events.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (IntrEvent ie : events) {
            b.putInt((int) ie.count);
        }
        for (IntrEvent ie : events) {
            b.putInt((int) ie.strays);
        }
        return b.array();
    }

    /** The interrupt thread of line {@code irq}, or null if it has none. */
    public org.kld86.kernel.proc.KThread ithread(int irq) {
        IntrEvent ie = events[irq];
        return ie.ithread == null ? null : ie.ithread.thread();
    }

    /** Whether line {@code irq} is masked at the 8259 pair. */
    public boolean masked(int irq) {
        return atpic.masked(irq);
    }

    /** Spurious IRQ 7/15 deliveries ignored. */
    public long spurious() {
        return spurious;
    }
}
