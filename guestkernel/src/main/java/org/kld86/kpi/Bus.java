package org.kld86.kpi;

import static org.kld86.kpi.Errno.EINVAL;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.bus.PciConfigSpace;
import org.kld86.kernel.intr.IntrHandler;
import org.kld86.kernel.intr.Interrupts;

/**
 * sys/bus.h for drivers: resources (bus_alloc_resource, rman_get_*), bus_space access to them (bus_read_4,
 * bus_write_4, ...), interrupt handlers (bus_setup_intr, bus_teardown_intr), and device names.
 *
 * <p>Interrupts, FreeBSD's way (BUS_SETUP_INTR(9)): a <em>filter</em> runs in interrupt context as soon as the
 * device interrupts; it must be quick and must not sleep, take a sleep mutex, or malloc with M_WAITOK (spin
 * mutexes, wakeup and bus_space are fine). It returns {@link #FILTER_HANDLED} when it dealt with its device,
 * {@link #FILTER_STRAY} when the interrupt was not its device's, or {@link #FILTER_SCHEDULE_THREAD} to have the
 * <em>thread handler</em> run in the line's interrupt thread ("irq11: edu0"), which may do anything except
 * sleep. A handler with no filter always runs in the thread. Every handler of a shared line runs for every
 * interrupt on it. An INTR_TYPE_* flag is required.
 *
 * <p>Trap: a PCI interrupt is level-triggered. A filter that returns without acknowledging its device (the edu
 * device's 0x64 register, for one) gets the interrupt straight back, and again, until it does. A thread handler's
 * line is masked until the thread has run, so there the thread handler must acknowledge the device.
 *
 * <p>Handlers are torn down with bus_teardown_intr before the module goes; a handler still in place at unload is
 * removed by the kernel with a warning.
 */
public final class Bus {

    private Bus() {
    }

    /** driver_filter_t: {@code int filter(void *arg)}. */
    @FunctionalInterface
    public interface DriverFilter {
        int filter(Object arg);
    }

    /** driver_intr_t: {@code void handler(void *arg)}. */
    @FunctionalInterface
    public interface DriverIntr {
        void intr(Object arg);
    }

    public static final int FILTER_STRAY = Interrupts.FILTER_STRAY;
    public static final int FILTER_HANDLED = Interrupts.FILTER_HANDLED;
    public static final int FILTER_SCHEDULE_THREAD = Interrupts.FILTER_SCHEDULE_THREAD;

    public static final int INTR_TYPE_TTY = Interrupts.INTR_TYPE_TTY;
    public static final int INTR_TYPE_BIO = Interrupts.INTR_TYPE_BIO;
    public static final int INTR_TYPE_NET = Interrupts.INTR_TYPE_NET;
    public static final int INTR_TYPE_CAM = Interrupts.INTR_TYPE_CAM;
    public static final int INTR_TYPE_MISC = Interrupts.INTR_TYPE_MISC;
    public static final int INTR_TYPE_CLK = Interrupts.INTR_TYPE_CLK;
    public static final int INTR_TYPE_AV = Interrupts.INTR_TYPE_AV;
    public static final int INTR_EXCL = Interrupts.INTR_EXCL;
    public static final int INTR_MPSAFE = Interrupts.INTR_MPSAFE;
    public static final int INTR_ENTROPY = Interrupts.INTR_ENTROPY;

    /** Resource types (sys/sys/bus.h, machine/resource.h) and allocation flags (sys/sys/rman.h). */
    public static final int SYS_RES_IRQ = 1;
    public static final int SYS_RES_DRQ = 2;
    public static final int SYS_RES_MEMORY = 3;
    public static final int SYS_RES_IOPORT = 4;
    public static final int RF_ACTIVE = 0x0002;
    public static final int RF_SHAREABLE = 0x0004;

    // -------------------------------------------------------------------------------------------------------------
    // Devices

    /** A device on no bus (a pseudo or ISA device) for driver {@code name}, named with its first free unit. */
    public static Device device_create(String name) {
        Device d = new Device(name);
        device_set_driver(d, name);
        return d;
    }

    /**
     * Names {@code dev} after the driver that takes it, with the driver's first free unit ("edu0"): what newbus
     * does at attach. Returns 0.
     */
    public static int device_set_driver(Device dev, String name) {
        var classes = Kernel.current().buses().devclasses();
        if (dev.driver != null) {
            classes.release(dev.driver, dev.unit);
        }
        dev.driver = name;
        dev.unit = classes.allocate(name);
        dev.nameunit = name + dev.unit;
        return 0;
    }

    /** Gives the device's unit back (detach). */
    public static void device_delete(Device dev) {
        if (dev.driver != null) {
            Kernel.current().buses().devclasses().release(dev.driver, dev.unit);
            dev.driver = null;
            dev.unit = -1;
        }
    }

    public static String device_get_nameunit(Device dev) {
        return dev.nameunit;
    }

    public static String device_get_name(Device dev) {
        return dev.driver;
    }

    public static int device_get_unit(Device dev) {
        return dev.unit;
    }

    /** device_printf(dev, fmt, ...): printf(9) with "edu0: " in front. */
    public static int device_printf(Device dev, String fmt, Object... args) {
        Kernel k = Kernel.current();
        String text = dev.nameunit + ": " + Systm.format(k, fmt, args);
        k.console().print(text);
        return text.length();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Resources

    /**
     * bus_alloc_resource_any(dev, type, rid, flags) for a PCI device: SYS_RES_MEMORY with rid PCIR_BAR(n) gives
     * BAR n (mapped into kernel memory if RF_ACTIVE), SYS_RES_IRQ with rid 0 its interrupt line. Null if there is
     * no such resource.
     */
    public static Resource bus_alloc_resource_any(Device dev, int type, int rid, int flags) {
        if (!(dev instanceof PciDev p)) {
            return null;
        }
        if (type == SYS_RES_IRQ && rid == 0) {
            return p.irq == 0xFF || p.irq == 0 ? null : new Resource(dev, type, rid, p.irq, 1);
        }
        if (type == SYS_RES_MEMORY && rid >= PciConfigSpace.PCIR_BAR0 && rid < PciConfigSpace.PCIR_BAR0 + 24
                && (rid & 3) == 0) {
            int bar = (rid - PciConfigSpace.PCIR_BAR0) / 4;
            if (p.barSize[bar] == 0) {
                return null;
            }
            Resource r = new Resource(dev, type, rid, p.barStart[bar], p.barSize[bar]);
            if ((flags & RF_ACTIVE) != 0) {
                activate(r);
            }
            return r;
        }
        return null;
    }

    /**
     * bus_alloc_resource(dev, type, rid, start, end, count, flags) with an explicit range, as an ISA driver asks
     * for its hinted IRQ or ports: {@code [start, start + count)}.
     */
    public static Resource bus_alloc_resource(Device dev, int type, int rid, long start, long end, long count,
            int flags) {
        if (count <= 0 || start + count - 1 > end) {
            return null;
        }
        Resource r = new Resource(dev, type, rid, start, count);
        if (type == SYS_RES_MEMORY && (flags & RF_ACTIVE) != 0) {
            activate(r);
        }
        return r;
    }

    private static void activate(Resource r) {
        r.va = Kernel.current().linux().io().ioremap_nocache(r.start, r.size);
    }

    /** bus_release_resource(dev, type, rid, r): unmaps an active memory resource. Returns 0. */
    public static int bus_release_resource(Device dev, int type, int rid, Resource r) {
        if (r != null && r.va != 0) {
            Kernel.current().linux().io().iounmap(r.va);
            r.va = 0;
        }
        return 0;
    }

    public static long rman_get_start(Resource r) {
        return r.start;
    }

    public static long rman_get_end(Resource r) {
        return r.start + r.size - 1;
    }

    public static long rman_get_size(Resource r) {
        return r.size;
    }

    /** The kernel address an active memory resource is mapped at (0 if not mapped). */
    public static long rman_get_virtual(Resource r) {
        return r.va;
    }

    public static int rman_get_rid(Resource r) {
        return r.rid;
    }

    // -------------------------------------------------------------------------------------------------------------
    // bus_space

    public static int bus_read_1(Resource r, long offset) {
        Kernel k = Kernel.current();
        return r.type == SYS_RES_IOPORT ? k.machine().cpu().in8((int) (r.start + offset))
                : k.memory().read8(mapped(k, r) + offset);
    }

    public static int bus_read_2(Resource r, long offset) {
        Kernel k = Kernel.current();
        return r.type == SYS_RES_IOPORT ? k.machine().cpu().in16((int) (r.start + offset))
                : k.memory().read16(mapped(k, r) + offset);
    }

    public static int bus_read_4(Resource r, long offset) {
        Kernel k = Kernel.current();
        return r.type == SYS_RES_IOPORT ? k.machine().cpu().in32((int) (r.start + offset))
                : k.memory().read32(mapped(k, r) + offset);
    }

    public static void bus_write_1(Resource r, long offset, int value) {
        Kernel k = Kernel.current();
        if (r.type == SYS_RES_IOPORT) {
            k.machine().cpu().out8((int) (r.start + offset), value);
        } else {
            k.memory().write8(mapped(k, r) + offset, value);
        }
    }

    public static void bus_write_2(Resource r, long offset, int value) {
        Kernel k = Kernel.current();
        if (r.type == SYS_RES_IOPORT) {
            k.machine().cpu().out16((int) (r.start + offset), value);
        } else {
            k.memory().write16(mapped(k, r) + offset, value);
        }
    }

    public static void bus_write_4(Resource r, long offset, int value) {
        Kernel k = Kernel.current();
        if (r.type == SYS_RES_IOPORT) {
            k.machine().cpu().out32((int) (r.start + offset), value);
        } else {
            k.memory().write32(mapped(k, r) + offset, value);
        }
    }

    private static long mapped(Kernel k, Resource r) {
        if (r.va == 0) {
            throw k.panic("bus_space: resource 0x%x of %s is not active (allocate it with RF_ACTIVE)", r.start, r.dev);
        }
        return r.va;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Interrupts

    /**
     * bus_setup_intr(dev, irq, flags, filter, ihand, arg, cookiep): hangs the handler, named after the device, on
     * the resource's line and unmasks it. 0 or EINVAL (no filter and no handler, not an IRQ resource, or the line
     * is exclusive).
     */
    public static int bus_setup_intr(Device dev, Resource irq, int flags, DriverFilter filter, DriverIntr ihand,
            Object arg, IntrCookie[] cookiep) {
        if (irq == null || irq.type != SYS_RES_IRQ) {
            return EINVAL;
        }
        Kernel k = Kernel.current();
        IntrHandler[] h = new IntrHandler[1];
        Object owner = filter != null ? filter : ihand;
        int error = k.interrupts().setup((int) irq.start, dev.nameunit,
                filter == null ? null : filter::filter, ihand == null ? null : ihand::intr, arg, flags, owner, h);
        if (error == 0 && cookiep != null && cookiep.length > 0) {
            cookiep[0] = new IntrCookie(h[0]);
        }
        return error;
    }

    /** bus_teardown_intr(dev, irq, cookie): takes the handler off its line. 0 or EINVAL. */
    public static int bus_teardown_intr(Device dev, Resource irq, IntrCookie cookie) {
        if (cookie == null) {
            return EINVAL;
        }
        return Kernel.current().interrupts().teardown(cookie.handler);
    }
}
