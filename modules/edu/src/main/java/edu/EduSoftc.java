package edu;

import org.kld86.kpi.Cdev;
import org.kld86.kpi.IntrCookie;
import org.kld86.kpi.Mtx;
import org.kld86.kpi.PciDev;
import org.kld86.kpi.Resource;

/**
 * eduvar.h: {@code struct edu_softc}, the driver's state for its one device, reached from the cdev's si_drv1 and
 * handed to the interrupt filter as its argument.
 *
 * <p>Two locks, because two kinds of code share the state. {@code sc_mtx}, a sleep mutex, guards the busy and
 * open flags between threads: the device has one DMA engine, one buffer and one factorial unit, so one request at
 * a time owns it (a thread that finds it busy sleeps on the softc). {@code sc_intr_mtx}, a spin mutex, guards
 * {@code sc_intr_status} between the filter and the thread waiting for it; a filter may take only spin mutexes
 * (BUS_SETUP_INTR(9)), and msleep_spin drops it while the thread sleeps, so no interrupt is missed between the
 * test and the sleep.
 */
final class EduSoftc {

    PciDev sc_dev;
    Resource sc_regs;
    int sc_regs_rid;
    Resource sc_irq;
    int sc_irq_rid;
    final IntrCookie[] sc_intrhand = new IntrCookie[1];
    Cdev sc_cdev;

    /** The DMA buffer: kernel address and the physical address the device is given. */
    long sc_dma_vaddr;
    long sc_dma_paddr;

    final Mtx sc_mtx = new Mtx();
    boolean sc_busy;
    boolean sc_open;

    final Mtx sc_intr_mtx = new Mtx();
    /** The interrupt status bits the filter acknowledged and a waiter has not yet taken. */
    int sc_intr_status;
    /** The wait channel for sc_intr_status ({@code &sc->sc_intr_status} in C). */
    final Object sc_intr_chan = new Object();
}
