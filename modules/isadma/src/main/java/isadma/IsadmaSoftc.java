package isadma;

import org.kld86.kpi.Cdev;
import org.kld86.kpi.Device;
import org.kld86.kpi.IntrCookie;
import org.kld86.kpi.Mtx;
import org.kld86.kpi.Resource;

/**
 * isadmavar.h: {@code struct isadma_softc}, the driver's state for its one device.
 *
 * <p>As in the edu driver, a sleep mutex guards the busy and open flags (one transfer owns the channel and the
 * buffer at a time) and a spin mutex guards what the interrupt filter hands to the sleeping thread: the status
 * the device ended its run with, 0 until then.
 */
final class IsadmaSoftc {

    Device sc_dev;
    Resource sc_port;
    Resource sc_irq;
    Resource sc_drq_res;
    /** The 8237 channel, 0-3 (bytes) or 5-7 (words). */
    int sc_drq = -1;
    boolean sc_drq_acquired;
    final IntrCookie[] sc_intrhand = new IntrCookie[1];
    Cdev sc_cdev;

    /** The transfer buffer: contiguous, below 16 MiB, inside one 64 KiB page of the 8237. */
    long sc_buf;

    final Mtx sc_mtx = new Mtx();
    boolean sc_busy;
    boolean sc_open;

    final Mtx sc_intr_mtx = new Mtx();
    /** The status register as the filter found it at the end of the run; 0 while the run goes on. */
    int sc_done_status;
    final Object sc_done_chan = new Object();
}
