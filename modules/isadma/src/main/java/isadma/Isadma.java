package isadma;

import static isadma.IsadmaReg.*;
import static org.kld86.kpi.Bus.*;
import static org.kld86.kpi.Conf.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.IsaDma.*;
import static org.kld86.kpi.Kern.TUNABLE_INT_FETCH;
import static org.kld86.kpi.Kld.*;
import static org.kld86.kpi.Malloc.*;
import static org.kld86.kpi.Mm.PAGE_SIZE;
import static org.kld86.kpi.Mtx.*;
import static org.kld86.kpi.Sleep.*;
import static org.kld86.kpi.Systm.printf;
import static org.kld86.kpi.Uio.uiomove;

import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.DevModule;
import org.kld86.kpi.Device;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.MallocType;
import org.kld86.kpi.ModuleEventHandler;
import org.kld86.kpi.Td;
import org.kld86.kpi.Uio;

/**
 * isadma: a FreeBSD driver for the ISA streaming device ({@link IsadmaReg}), which moves its data through a
 * channel of the 8237 pair with isa_dma(9) (sys/x86/isa/isa_dma.c), as the ISA sound and tape drivers did.
 *
 * <pre>
 *   write(2) to /dev/isadma   plays the bytes: each piece goes into the buffer and out to the device by DMA
 *   read(2)                   captures as many bytes as asked from the device by DMA, a buffer at a time
 * </pre>
 *
 * A piece is at most {@link #ISADMA_BUFSIZE} bytes. For each, the driver starts the channel (isa_dmastart),
 * gives the device the length and the command, and sleeps until the device's interrupt; then it reads how much
 * the channel left (isa_dmastatus), finishes the channel (isa_dmadone), and fails the request with EIO if the
 * device reported an error or the channel did not reach terminal count. The device is a stream: offsets mean
 * nothing, a read never ends before its count, and a write takes everything. On a 16-bit channel (5-7), which
 * moves words, a request of an odd length is refused with EINVAL before anything moves.
 *
 * <p>The buffer comes from contigmalloc(9) with the 8237's limits (isa_dmarangecheck): physically contiguous,
 * below 16 MiB (high 0xffffff), page aligned, and not crossing a 64 KiB boundary, the span of one page register
 * setting. isa_dmastart then programs the controller with the buffer itself. The driver does not call
 * isa_dma_init: that makes the channel's bounce buffer, which isa_dma.c keeps forever, and this buffer never
 * needs one; a buffer that did would make isa_dmastart panic ("bad bounce buffer").
 *
 * <p>MOD_LOAD does what an ISA driver's identify, probe and attach do from the hints: the ports
 * (hint.isadma.0.port, 0x300 by default) must answer with the identification byte, the IRQ is hint.isadma.0.irq
 * (5), and the DMA channel is the one the device reports. It prints the line newbus prints before attach
 * ({@code isadma0: <ISA streaming device> at port 0x300-0x307 irq 5 drq 1 on isa0}). /dev/isadma is 0600
 * root:wheel, and kldunload is refused with EBUSY at MOD_QUIESCE while it is open, as in the edu driver.
 */
@DevModule(name = "isadma")
public final class Isadma implements ModuleEventHandler {

    /** The largest piece one DMA run moves: 16 KiB, four pages of one contiguous run. */
    static final int ISADMA_BUFSIZE = 16 * 1024;

    /** MALLOC_DEFINE(M_ISADMA, "isadma", "isadma DMA buffer"); */
    static final MallocType M_ISADMA = MallocType.define("isadma", "isadma DMA buffer");

    static final Cdevsw isadma_cdevsw = new Cdevsw()
            .d_version(D_VERSION)
            .d_open(Isadma::isadma_open)
            .d_close(Isadma::isadma_close)
            .d_read(Isadma::isadma_read)
            .d_write(Isadma::isadma_write)
            .d_name("isadma");

    private static IsadmaSoftc isadma_sc;

    // -------------------------------------------------------------------------------------------------------------
    // Character device

    static int isadma_open(Cdev dev, int oflags, int devtype, Td td) {
        IsadmaSoftc sc = (IsadmaSoftc) dev.si_drv1;
        mtx_lock(sc.sc_mtx);
        sc.sc_open = true;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    /** The last close (no D_TRACKCLOSE). */
    static int isadma_close(Cdev dev, int fflag, int devtype, Td td) {
        IsadmaSoftc sc = (IsadmaSoftc) dev.si_drv1;
        mtx_lock(sc.sc_mtx);
        sc.sc_open = false;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    static int isadma_read(Cdev dev, Uio uio, int ioflag) {
        IsadmaSoftc sc = (IsadmaSoftc) dev.si_drv1;
        if (!isadma_whole_units(sc, uio)) {
            return EINVAL;
        }
        int error = isadma_busy(sc);
        if (error != 0) {
            return error;
        }
        while (uio.uio_resid > 0 && error == 0) {
            int n = (int) Math.min(uio.uio_resid, ISADMA_BUFSIZE);
            error = isadma_xfer(sc, ISADMA_READ, ISADMA_CMD_CAPTURE, n);
            if (error == 0) {
                error = uiomove(sc.sc_buf, n, uio);
            }
        }
        isadma_unbusy(sc);
        return error;
    }

    static int isadma_write(Cdev dev, Uio uio, int ioflag) {
        IsadmaSoftc sc = (IsadmaSoftc) dev.si_drv1;
        if (!isadma_whole_units(sc, uio)) {
            return EINVAL;
        }
        int error = isadma_busy(sc);
        if (error != 0) {
            return error;
        }
        while (uio.uio_resid > 0 && error == 0) {
            int n = (int) Math.min(uio.uio_resid, ISADMA_BUFSIZE);
            long resid = uio.uio_resid;
            error = uiomove(sc.sc_buf, n, uio);
            // Bytes uiomove took before a fault count as written, so they are played too.
            int moved = (int) (resid - uio.uio_resid);
            if (moved > 0) {
                int xerror = isadma_xfer(sc, ISADMA_WRITE, ISADMA_CMD_PLAYBACK, moved);
                if (error == 0) {
                    error = xerror;
                }
            }
        }
        isadma_unbusy(sc);
        return error;
    }

    /**
     * Whether the request is whole transfer units: any length on an 8-bit channel, an even one on a 16-bit
     * channel, which moves words (isa_dmastart calls anything else an impossible request). The buffer's size is
     * even, so every piece of an even request is even too; a write whose uiomove faults half way plays what it
     * took, and that may end in a single byte the device refuses, making the write fail with EIO.
     */
    static boolean isadma_whole_units(IsadmaSoftc sc, Uio uio) {
        return (sc.sc_drq & 4) == 0 || (uio.uio_resid & 1) == 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // The device

    static int isadma_busy(IsadmaSoftc sc) {
        mtx_lock(sc.sc_mtx);
        while (sc.sc_busy) {
            int error = msleep(sc, sc.sc_mtx, PRIBIO | PCATCH, "isadbsy", 0);
            if (error != 0) {
                mtx_unlock(sc.sc_mtx);
                return error;
            }
        }
        sc.sc_busy = true;
        mtx_unlock(sc.sc_mtx);
        return 0;
    }

    static void isadma_unbusy(IsadmaSoftc sc) {
        mtx_lock(sc.sc_mtx);
        sc.sc_busy = false;
        wakeup(sc);
        mtx_unlock(sc.sc_mtx);
    }

    /**
     * One run of {@code n} bytes between the buffer and the device: {@code flags} ISADMA_READ for a capture
     * (device to memory), ISADMA_WRITE for a playback. The device streams at a byte a microsecond and at worst
     * a byte a millisecond; a run that has not ended a second after the slowest it could be has lost its
     * interrupt, and is stopped.
     */
    static int isadma_xfer(IsadmaSoftc sc, int flags, int cmd, int n) {
        mtx_lock_spin(sc.sc_intr_mtx);
        sc.sc_done_status = 0;
        mtx_unlock_spin(sc.sc_intr_mtx);
        isa_dmastart(flags, sc.sc_buf, n, sc.sc_drq);
        bus_write_4(sc.sc_port, ISADMA_LENGTH, n);
        bus_write_1(sc.sc_port, ISADMA_COMMAND, cmd);

        int timo = hz() + n * hz() / 1000;
        int status = 0;
        mtx_lock_spin(sc.sc_intr_mtx);
        while ((status = sc.sc_done_status) == 0) {
            if (msleep_spin(sc.sc_done_chan, sc.sc_intr_mtx, "isadma", timo) == EWOULDBLOCK) {
                break;
            }
        }
        mtx_unlock_spin(sc.sc_intr_mtx);
        if (status == 0) {
            bus_write_1(sc.sc_port, ISADMA_COMMAND, ISADMA_CMD_STOP);
        }
        // isa_dmastatus only while the channel is still busy, that is before isa_dmadone.
        int resid = isa_dmastatus(sc.sc_drq);
        isa_dmadone(flags, sc.sc_buf, n, sc.sc_drq);
        if (status == 0) {
            device_printf(sc.sc_dev, "timeout, %d of %d bytes left\n", resid, n);
            return EIO;
        }
        if ((status & ISADMA_ST_ERROR) != 0 || resid != 0) {
            device_printf(sc.sc_dev, "%s error, status 0x%x, %d of %d bytes left\n",
                    flags == ISADMA_READ ? "capture" : "playback", status, resid, n);
            return EIO;
        }
        return 0;
    }

    /**
     * The interrupt filter. The line is edge-triggered: a pulse when a run ends. The filter takes the status,
     * acknowledges it, and wakes the waiter; a pulse with neither DONE nor ERROR is not this device's.
     */
    static int isadma_intr(Object arg) {
        IsadmaSoftc sc = (IsadmaSoftc) arg;
        int status = bus_read_1(sc.sc_port, ISADMA_STATUS);
        if ((status & (ISADMA_ST_DONE | ISADMA_ST_ERROR)) == 0) {
            return FILTER_STRAY;
        }
        bus_write_1(sc.sc_port, ISADMA_STATUS, status & ISADMA_ST_ACK);
        mtx_lock_spin(sc.sc_intr_mtx);
        sc.sc_done_status = status;
        mtx_unlock_spin(sc.sc_intr_mtx);
        wakeup(sc.sc_done_chan);
        return FILTER_HANDLED;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Probe, attach, detach

    /** isa_probe: the ports answer with the identification byte. */
    static int isadma_probe(IsadmaSoftc sc, int port) {
        sc.sc_port = bus_alloc_resource(sc.sc_dev, SYS_RES_IOPORT, 0, port, port + ISADMA_NPORTS - 1,
                ISADMA_NPORTS, RF_ACTIVE);
        if (sc.sc_port == null || bus_read_1(sc.sc_port, ISADMA_ID) != ISADMA_ID_MAGIC) {
            return ENXIO;
        }
        sc.sc_drq = bus_read_1(sc.sc_port, ISADMA_CHANNEL);
        return 0;
    }

    static int isadma_attach(IsadmaSoftc sc, int irq) {
        Device dev = sc.sc_dev;
        sc.sc_irq = bus_alloc_resource(dev, SYS_RES_IRQ, 0, irq, irq, 1, RF_ACTIVE);
        sc.sc_drq_res = bus_alloc_resource(dev, SYS_RES_DRQ, 0, sc.sc_drq, sc.sc_drq, 1, RF_ACTIVE);
        if (sc.sc_irq == null || sc.sc_drq_res == null) {
            device_printf(dev, "cannot allocate resources\n");
            return ENXIO;
        }
        int error = isa_dma_acquire(sc.sc_drq);
        if (error != 0) {
            return error;
        }
        sc.sc_drq_acquired = true;
        mtx_init(sc.sc_mtx, "isadma", null, MTX_DEF);
        mtx_init(sc.sc_intr_mtx, "isadma intr", null, MTX_SPIN);
        sc.sc_buf = contigmalloc(ISADMA_BUFSIZE, M_ISADMA, M_WAITOK, 0, 0xffffffL, PAGE_SIZE, 64 * 1024);
        if (sc.sc_buf == 0) {
            device_printf(dev, "cannot allocate DMA buffer\n");
            return ENOMEM;
        }
        error = bus_setup_intr(dev, sc.sc_irq, INTR_TYPE_AV | INTR_MPSAFE, Isadma::isadma_intr, null, sc,
                sc.sc_intrhand);
        if (error != 0) {
            device_printf(dev, "cannot set up interrupt\n");
            return error;
        }
        sc.sc_cdev = make_dev(isadma_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "isadma");
        sc.sc_cdev.si_drv1 = sc;
        return 0;
    }

    /** Undoes whatever of attach was done, in reverse order; also the cleanup of a failed attach. */
    static void isadma_detach(IsadmaSoftc sc) {
        Device dev = sc.sc_dev;
        if (sc.sc_cdev != null) {
            destroy_dev(sc.sc_cdev);
            sc.sc_cdev = null;
        }
        if (sc.sc_intrhand[0] != null) {
            bus_teardown_intr(dev, sc.sc_irq, sc.sc_intrhand[0]);
            sc.sc_intrhand[0] = null;
        }
        if (sc.sc_buf != 0) {
            contigfree(sc.sc_buf, ISADMA_BUFSIZE, M_ISADMA);
            sc.sc_buf = 0;
        }
        if (sc.sc_drq_acquired) {
            isa_dma_release(sc.sc_drq);
            sc.sc_drq_acquired = false;
        }
        if (mtx_initialized(sc.sc_intr_mtx)) {
            mtx_destroy(sc.sc_intr_mtx);
        }
        if (mtx_initialized(sc.sc_mtx)) {
            mtx_destroy(sc.sc_mtx);
        }
        if (sc.sc_drq_res != null) {
            bus_release_resource(dev, SYS_RES_DRQ, 0, sc.sc_drq_res);
        }
        if (sc.sc_irq != null) {
            bus_release_resource(dev, SYS_RES_IRQ, 0, sc.sc_irq);
        }
        if (sc.sc_port != null) {
            bus_release_resource(dev, SYS_RES_IOPORT, 0, sc.sc_port);
        }
        device_delete(dev);
    }

    @Override
    public int modevent(KldModule mod, int event, Object arg) {
        int error = 0;
        switch (event) {
            case MOD_LOAD: {
                int port = TUNABLE_INT_FETCH("hint.isadma.0.port", 0x300);
                int irq = TUNABLE_INT_FETCH("hint.isadma.0.irq", 5);
                IsadmaSoftc sc = new IsadmaSoftc();
                sc.sc_dev = device_create("isadma");
                isadma_sc = sc;
                error = isadma_probe(sc, port);
                if (error != 0) {
                    break;
                }
                // What newbus prints between probe and attach (bus_print_child_header, isa_print_child).
                device_printf(sc.sc_dev, "<ISA streaming device> at port %#x-%#x irq %d drq %d on isa0\n", port,
                        port + ISADMA_NPORTS - 1, irq, sc.sc_drq);
                error = isadma_attach(sc, irq);
                if (error != 0) {
                    printf("device_attach: %s attach returned %d\n", device_get_nameunit(sc.sc_dev), error);
                }
                break;
            }
            case MOD_QUIESCE:
                if (isadma_sc != null && isadma_sc.sc_cdev != null) {
                    mtx_lock(isadma_sc.sc_mtx);
                    if (isadma_sc.sc_open) {
                        error = EBUSY;
                    }
                    mtx_unlock(isadma_sc.sc_mtx);
                }
                break;
            case MOD_UNLOAD:
                // Also the cleanup of a failed MOD_LOAD, which the kernel follows with MOD_UNLOAD.
                if (isadma_sc != null) {
                    isadma_detach(isadma_sc);
                    isadma_sc = null;
                }
                break;
            default:
                error = EOPNOTSUPP;
                break;
        }
        return error;
    }
}
