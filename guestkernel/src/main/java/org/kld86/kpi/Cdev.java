package org.kld86.kpi;

/**
 * {@code struct cdev}: a character device made by {@link Conf#make_dev}, the handle every method of its
 * {@link Cdevsw} gets. {@code si_drv1} and {@code si_drv2} are the driver's own: it puts its softc there at
 * make_dev time and finds it again in each method ({@code struct echo_softc *sc = dev->si_drv1}).
 *
 * <p>Trap: after {@link Conf#destroy_dev} the cdev is dead. Descriptors still open on it get ENXIO from every
 * operation and the driver's methods are not called again, so there is no d_close for them.
 */
public final class Cdev {

    /** The driver's private pointers (a softc object or a guest address, as the driver likes). */
    public Object si_drv1;
    public Object si_drv2;
    /** The unit number given to make_dev (dev2unit). */
    public final int si_drv0;
    /** The name under /dev ("echo", "led/disk0"). */
    public final String si_name;
    /** The switch the device was made with. */
    public final Cdevsw si_devsw;

    Cdev(Cdevsw devsw, int unit, String name) {
        this.si_devsw = devsw;
        this.si_drv0 = unit;
        this.si_name = name;
    }

    @Override
    public String toString() {
        return "cdev " + si_name;
    }
}
