package edu;

import static edu.EduIoctl.EDU_IOC_FACTORIAL;
import static edu.EduReg.*;
import static org.kld86.kpi.Bus.*;
import static org.kld86.kpi.Conf.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.Kld.*;
import static org.kld86.kpi.Malloc.*;
import static org.kld86.kpi.Mm.PAGE_SIZE;
import static org.kld86.kpi.Mtx.*;
import static org.kld86.kpi.Pci.*;
import static org.kld86.kpi.Pmap.vtophys;
import static org.kld86.kpi.Sleep.*;
import static org.kld86.kpi.Systm.printf;
import static org.kld86.kpi.Uio.uiomove;

import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.DevModule;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.MallocType;
import org.kld86.kpi.Mem;
import org.kld86.kpi.ModuleEventHandler;
import org.kld86.kpi.PciDev;
import org.kld86.kpi.Td;
import org.kld86.kpi.Uio;

/**
 * edu: a FreeBSD driver for QEMU's edu device (PCI 1234:11e8; registers in {@link EduReg}), the teaching device
 * kvm-unit-tests drives from lib/pci-edu.c, made into a character device.
 *
 * <pre>
 *   write(2) to /dev/edu   the bytes go into the DMA buffer, then by DMA into the device's buffer at the offset
 *   read(2)                by DMA from the device's buffer at the offset into the DMA buffer, then to the caller
 *   EDU_IOC_FACTORIAL      n in, n! (mod 2^32) out, computed by the device
 * </pre>
 *
 * Each request programs the device with its interrupt enabled and sleeps until the interrupt filter, which
 * acknowledges the device, wakes it. The device's buffer is 4 KiB: a read at or past its end is end of file, and
 * a write there fails with ENOSPC, the "no space left on device" a write at the end of a fixed-size device gets
 * (Linux's blkdev_write_iter does the same; EFBIG would speak of a file size limit, which a device has not). A
 * write that starts inside and runs past the end is cut short, as write(2) allows.
 *
 * <p>There is no newbus tree here, so MOD_LOAD does what probe and attach do (pci(9)): it finds the device by its
 * IDs, prints the line newbus prints before attach ({@code edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq
 * 11 at device 3.0 on pci0}), then turns on memory decoding and bus mastering, maps BAR0, checks the
 * identification and liveness registers, gets a page of DMA memory below the device's 28-bit reach with
 * contigmalloc(9), hangs the filter on the interrupt line and makes /dev/edu. Without the device the module does
 * not load (ENXIO). A failed attach prints {@code device_attach: edu0 attach returned N} as device_attach does.
 *
 * <p>/dev/edu is root's alone (0600 root:wheel): the device does DMA into the kernel's memory on a user's word,
 * which FreeBSD leaves to root for raw hardware (/dev/mem, /dev/io, /dev/pci). kldunload is refused with EBUSY
 * at MOD_QUIESCE while the device is open, since its descriptors would otherwise turn into ENXIO under a running
 * program; kldunload -f goes ahead, which destroy_dev makes safe. MOD_UNLOAD takes everything down in the
 * reverse order of attach: destroy_dev, bus_teardown_intr, bus mastering off, contigfree, the BAR released.
 */
@DevModule(name = "edu")
public final class Edu implements ModuleEventHandler {

    /** MALLOC_DEFINE(M_EDU, "edu", "edu DMA buffer"); */
    static final MallocType M_EDU = MallocType.define("edu", "edu DMA buffer");

    static final Cdevsw edu_cdevsw = new Cdevsw()
            .d_version(D_VERSION)
            .d_open(Edu::edu_open)
            .d_close(Edu::edu_close)
            .d_read(Edu::edu_read)
            .d_write(Edu::edu_write)
            .d_ioctl(Edu::edu_ioctl)
            .d_name("edu");

    private static EduSoftc edu_sc;

    // -------------------------------------------------------------------------------------------------------------
    // Character device

    static int edu_open(Cdev dev, int oflags, int devtype, Td td) {
        EduSoftc sc = (EduSoftc) dev.si_drv1;
        mtx_lock(sc.sc_mtx);
        sc.sc_open = true;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    /** The last close (no D_TRACKCLOSE): nobody has the device open any more. */
    static int edu_close(Cdev dev, int fflag, int devtype, Td td) {
        EduSoftc sc = (EduSoftc) dev.si_drv1;
        mtx_lock(sc.sc_mtx);
        sc.sc_open = false;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    static int edu_write(Cdev dev, Uio uio, int ioflag) {
        EduSoftc sc = (EduSoftc) dev.si_drv1;
        if (uio.uio_resid == 0) {
            return 0;
        }
        if (uio.uio_offset >= EDU_BUF_SIZE) {
            return ENOSPC;
        }
        long off = uio.uio_offset;
        long amount = Math.min(uio.uio_resid, EDU_BUF_SIZE - off);
        int error = edu_busy(sc);
        if (error != 0) {
            return error;
        }
        long resid = uio.uio_resid;
        error = uiomove(sc.sc_dma_vaddr, amount, uio);
        // What uiomove took before a fault is reported as written, so it must reach the device too.
        long moved = resid - uio.uio_resid;
        if (moved > 0) {
            int dmaerror = edu_dma(sc, sc.sc_dma_paddr, EDU_BUF_ADDR + off, moved, EDU_DMA_TO_DEVICE);
            if (error == 0) {
                error = dmaerror;
            }
        }
        edu_unbusy(sc);
        return error;
    }

    static int edu_read(Cdev dev, Uio uio, int ioflag) {
        EduSoftc sc = (EduSoftc) dev.si_drv1;
        if (uio.uio_resid == 0 || uio.uio_offset >= EDU_BUF_SIZE) {
            return 0;
        }
        long off = uio.uio_offset;
        long amount = Math.min(uio.uio_resid, EDU_BUF_SIZE - off);
        int error = edu_busy(sc);
        if (error != 0) {
            return error;
        }
        error = edu_dma(sc, EDU_BUF_ADDR + off, sc.sc_dma_paddr, amount, EDU_DMA_FROM_DEVICE);
        if (error == 0) {
            error = uiomove(sc.sc_dma_vaddr, amount, uio);
        }
        edu_unbusy(sc);
        return error;
    }

    /** The kernel copied the uint32_t in to {@code data} and copies it back out after a 0 return. */
    static int edu_ioctl(Cdev dev, long cmd, long data, int fflag, Td td) {
        EduSoftc sc = (EduSoftc) dev.si_drv1;
        if (cmd != EDU_IOC_FACTORIAL) {
            return ENOTTY;
        }
        int n = Mem.read32(data);
        int error = edu_busy(sc);
        if (error != 0) {
            return error;
        }
        edu_intr_clear(sc, EDU_INTR_FACT);
        // The interrupt bit is looked at when the factorial completes, so set it first.
        bus_write_4(sc.sc_regs, EDU_STATUS, EDU_STATUS_IRQFACT);
        bus_write_4(sc.sc_regs, EDU_FACTORIAL, n);
        error = edu_intr_wait(sc, EDU_INTR_FACT, "edufac");
        if (error == 0) {
            Mem.write32(data, bus_read_4(sc.sc_regs, EDU_FACTORIAL));
        }
        edu_unbusy(sc);
        return error;
    }

    // -------------------------------------------------------------------------------------------------------------
    // The device

    /** Waits for the device to be free and takes it; 0, or ERESTART if a signal came first. */
    static int edu_busy(EduSoftc sc) {
        mtx_lock(sc.sc_mtx);
        while (sc.sc_busy) {
            int error = msleep(sc, sc.sc_mtx, PRIBIO | PCATCH, "edubsy", 0);
            if (error != 0) {
                mtx_unlock(sc.sc_mtx);
                return error;
            }
        }
        sc.sc_busy = true;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    static void edu_unbusy(EduSoftc sc) {
        mtx_lock(sc.sc_mtx);
        sc.sc_busy = false;
        wakeup(sc);
        mtx_unlock(sc.sc_mtx);
    }

    /**
     * One DMA transfer of {@code count} bytes with the completion interrupt on; sleeps until it is done. The
     * addresses are physical on the RAM side and device addresses on the device side.
     */
    static int edu_dma(EduSoftc sc, long src, long dst, long count, int direction) {
        edu_intr_clear(sc, EDU_INTR_DMA);
        bus_write_4(sc.sc_regs, EDU_DMA_SRC, (int) src);
        bus_write_4(sc.sc_regs, EDU_DMA_DST, (int) dst);
        bus_write_4(sc.sc_regs, EDU_DMA_CNT, (int) count);
        bus_write_4(sc.sc_regs, EDU_DMA_CMD, EDU_DMA_RUN | direction | EDU_DMA_IRQ);
        return edu_intr_wait(sc, EDU_INTR_DMA, "edudma");
    }

    static void edu_intr_clear(EduSoftc sc, int bits) {
        mtx_lock_spin(sc.sc_intr_mtx);
        sc.sc_intr_status &= ~bits;
        mtx_unlock_spin(sc.sc_intr_mtx);
    }

    /**
     * Sleeps until the filter has seen {@code bit}. A transfer takes 100 ms and a factorial 10 us of the device's
     * time, so a second without the interrupt means it is lost: EIO.
     */
    static int edu_intr_wait(EduSoftc sc, int bit, String wmesg) {
        int error = 0;
        mtx_lock_spin(sc.sc_intr_mtx);
        while ((sc.sc_intr_status & bit) == 0) {
            if (msleep_spin(sc.sc_intr_chan, sc.sc_intr_mtx, wmesg, hz()) == EWOULDBLOCK) {
                error = EIO;
                break;
            }
        }
        sc.sc_intr_status &= ~bit;
        mtx_unlock_spin(sc.sc_intr_mtx);
        if (error != 0) {
            device_printf(sc.sc_dev, "%s: interrupt timeout\n", wmesg);
        }
        return error;
    }

    /**
     * The interrupt filter: INTx is level-triggered and may be shared, so it reads the interrupt status, leaves
     * an interrupt that is not its device's to the other handlers, and acknowledges the bits it saw so that the
     * line drops before the EOI; then it wakes the waiter. Nothing here sleeps.
     */
    static int edu_intr(Object arg) {
        EduSoftc sc = (EduSoftc) arg;
        int status = bus_read_4(sc.sc_regs, EDU_INTR_STATUS);
        if (status == 0) {
            return FILTER_STRAY;
        }
        bus_write_4(sc.sc_regs, EDU_INTR_ACK, status);
        mtx_lock_spin(sc.sc_intr_mtx);
        sc.sc_intr_status |= status;
        mtx_unlock_spin(sc.sc_intr_mtx);
        wakeup(sc.sc_intr_chan);
        return FILTER_HANDLED;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Probe, attach, detach

    static int edu_attach(EduSoftc sc) {
        PciDev dev = sc.sc_dev;
        pci_enable_io(dev, SYS_RES_MEMORY);
        pci_enable_busmaster(dev);
        sc.sc_regs_rid = PCIR_BAR(0);
        sc.sc_regs = bus_alloc_resource_any(dev, SYS_RES_MEMORY, sc.sc_regs_rid, RF_ACTIVE);
        if (sc.sc_regs == null) {
            device_printf(dev, "cannot map registers\n");
            return ENXIO;
        }
        int id = bus_read_4(sc.sc_regs, EDU_ID);
        if ((id & 0xff) != EDU_ID_MAGIC) {
            device_printf(dev, "unknown identification 0x%08x\n", id);
            return ENXIO;
        }
        // lib/pci-edu.c's edu_check_alive: the register answers with the complement of what was written.
        int live = 0x5aa5f00f;
        bus_write_4(sc.sc_regs, EDU_LIVENESS, live);
        if (bus_read_4(sc.sc_regs, EDU_LIVENESS) != ~live) {
            device_printf(dev, "liveness check failed\n");
            return ENXIO;
        }
        sc.sc_irq_rid = 0;
        sc.sc_irq = bus_alloc_resource_any(dev, SYS_RES_IRQ, sc.sc_irq_rid, RF_ACTIVE | RF_SHAREABLE);
        if (sc.sc_irq == null) {
            device_printf(dev, "cannot allocate interrupt\n");
            return ENXIO;
        }
        mtx_init(sc.sc_mtx, "edu", null, MTX_DEF);
        mtx_init(sc.sc_intr_mtx, "edu intr", null, MTX_SPIN);
        // contigmalloc(9): one page, physically contiguous (it is one page anyway) and below the device's 28-bit
        // DMA mask, page aligned, no boundary to respect.
        sc.sc_dma_vaddr = contigmalloc(PAGE_SIZE, M_EDU, M_WAITOK | M_ZERO, 0, EDU_DMA_MASK, PAGE_SIZE, 0);
        if (sc.sc_dma_vaddr == 0) {
            device_printf(dev, "cannot allocate DMA buffer\n");
            return ENOMEM;
        }
        sc.sc_dma_paddr = vtophys(sc.sc_dma_vaddr);
        int error = bus_setup_intr(dev, sc.sc_irq, INTR_TYPE_MISC | INTR_MPSAFE, Edu::edu_intr, null, sc,
                sc.sc_intrhand);
        if (error != 0) {
            device_printf(dev, "cannot set up interrupt\n");
            return error;
        }
        sc.sc_cdev = make_dev(edu_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "edu");
        sc.sc_cdev.si_drv1 = sc;
        return 0;
    }

    /** Undoes whatever of attach was done, in reverse order; also the cleanup of a failed attach. */
    static void edu_detach(EduSoftc sc) {
        PciDev dev = sc.sc_dev;
        if (sc.sc_cdev != null) {
            destroy_dev(sc.sc_cdev);
            sc.sc_cdev = null;
        }
        if (sc.sc_intrhand[0] != null) {
            bus_teardown_intr(dev, sc.sc_irq, sc.sc_intrhand[0]);
            sc.sc_intrhand[0] = null;
        }
        if (sc.sc_irq != null) {
            bus_release_resource(dev, SYS_RES_IRQ, sc.sc_irq_rid, sc.sc_irq);
            sc.sc_irq = null;
        }
        // No transfer can be in flight now; with mastering off none can start into the pages about to be freed.
        pci_disable_busmaster(dev);
        if (sc.sc_dma_vaddr != 0) {
            contigfree(sc.sc_dma_vaddr, PAGE_SIZE, M_EDU);
            sc.sc_dma_vaddr = 0;
        }
        if (sc.sc_regs != null) {
            bus_release_resource(dev, SYS_RES_MEMORY, sc.sc_regs_rid, sc.sc_regs);
            sc.sc_regs = null;
        }
        if (mtx_initialized(sc.sc_intr_mtx)) {
            mtx_destroy(sc.sc_intr_mtx);
        }
        if (mtx_initialized(sc.sc_mtx)) {
            mtx_destroy(sc.sc_mtx);
        }
        device_delete(dev);
    }

    /** What newbus prints between probe and attach (bus_print_child_header, pci_print_child). */
    static void edu_print_child(PciDev dev) {
        device_printf(dev, "<QEMU edu device> mem %#jx-%#jx irq %d at device %d.0 on pci0\n",
                pci_resource_start(dev, 0), pci_resource_end(dev, 0), pci_get_irq(dev), pci_get_slot(dev));
    }

    @Override
    public int modevent(KldModule mod, int event, Object arg) {
        int error = 0;
        switch (event) {
            case MOD_LOAD: {
                PciDev dev = pci_find_device(EDU_VENDOR_ID, EDU_DEVICE_ID);
                if (dev == null) {
                    return ENXIO;
                }
                EduSoftc sc = new EduSoftc();
                sc.sc_dev = dev;
                device_set_driver(dev, "edu");
                edu_sc = sc;
                edu_print_child(dev);
                error = edu_attach(sc);
                if (error != 0) {
                    printf("device_attach: %s attach returned %d\n", device_get_nameunit(dev), error);
                }
                break;
            }
            case MOD_QUIESCE:
                if (edu_sc != null && edu_sc.sc_cdev != null) {
                    mtx_lock(edu_sc.sc_mtx);
                    if (edu_sc.sc_open) {
                        error = EBUSY;
                    }
                    mtx_unlock(edu_sc.sc_mtx);
                }
                break;
            case MOD_UNLOAD:
                // Also the cleanup of a failed MOD_LOAD, which the kernel follows with MOD_UNLOAD.
                if (edu_sc != null) {
                    edu_detach(edu_sc);
                    edu_sc = null;
                }
                break;
            default:
                error = EOPNOTSUPP;
                break;
        }
        return error;
    }
}
