package org.kld86.kpi;

/**
 * {@code struct cdevsw}: a character device driver's table of entry points, with FreeBSD's slot names. Fill it
 * as C fills it with designated initialisers; a slot left empty gets FreeBSD's default (open and close succeed,
 * read, write, ioctl and mmap fail with ENODEV):
 *
 * <pre>
 * static final Cdevsw echo_cdevsw = new Cdevsw()     // static struct cdevsw echo_cdevsw = {
 *         .d_version(D_VERSION)                       //     .d_version = D_VERSION,
 *         .d_open(Echo::echo_open)                    //     .d_open = echo_open,
 *         .d_close(Echo::echo_close)                  //     .d_close = echo_close,
 *         .d_read(Echo::echo_read)                    //     .d_read = echo_read,
 *         .d_write(Echo::echo_write)                  //     .d_write = echo_write,
 *         .d_name("echo");                            //     .d_name = "echo"
 *                                                     // };
 * </pre>
 *
 * The slots are also plain public fields ({@code echo_cdevsw.d_read = Echo::echo_read}). The methods run with the
 * FreeBSD signatures below; each returns 0 or an errno.
 *
 * <p>Trap: {@code d_version} must be {@link Conf#D_VERSION}. A table with another version is refused at make_dev
 * with FreeBSD's "has wrong version" warning, as a module built against another kernel is.
 */
public class Cdevsw {

    /** d_open_t: {@code int d_open(struct cdev *dev, int oflags, int devtype, struct thread *td)}. */
    @FunctionalInterface
    public interface d_open_t {
        int d_open(Cdev dev, int oflags, int devtype, Td td);
    }

    /**
     * d_close_t: {@code int d_close(struct cdev *dev, int fflag, int devtype, struct thread *td)}. Called at the
     * last close of the device, or at every close with {@link Conf#D_TRACKCLOSE}.
     */
    @FunctionalInterface
    public interface d_close_t {
        int d_close(Cdev dev, int fflag, int devtype, Td td);
    }

    /**
     * d_read_t: {@code int d_read(struct cdev *dev, struct uio *uio, int ioflag)}. Move data with
     * {@link Uio#uiomove}; what the read returns is how far uio_resid went down.
     */
    @FunctionalInterface
    public interface d_read_t {
        int d_read(Cdev dev, Uio uio, int ioflag);
    }

    /** d_write_t: {@code int d_write(struct cdev *dev, struct uio *uio, int ioflag)}. */
    @FunctionalInterface
    public interface d_write_t {
        int d_write(Cdev dev, Uio uio, int ioflag);
    }

    /**
     * d_ioctl_t: {@code int d_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag, struct thread *td)}.
     * {@code data} is a kernel address holding the argument the kernel copied in (see {@link Ioccom}); return
     * ENOTTY (or ENOIOCTL) for a command the driver does not know.
     */
    @FunctionalInterface
    public interface d_ioctl_t {
        int d_ioctl(Cdev dev, long cmd, long data, int fflag, Td td);
    }

    /**
     * d_mmap_t: {@code int d_mmap(struct cdev *dev, vm_ooffset_t offset, vm_paddr_t *paddr, int nprot)}: the
     * physical address of the page at {@code offset} into {@code paddr[0]}, or an errno if there is none. It is
     * asked page by page as a process first touches each page of its mapping. (FreeBSD 8+ adds a
     * {@code vm_memattr_t *} argument; device pages are always mapped uncached here, so it is left out.)
     */
    @FunctionalInterface
    public interface d_mmap_t {
        int d_mmap(Cdev dev, long offset, long[] paddr, int nprot);
    }

    /**
     * d_purge_t: {@code void d_purge(struct cdev *dev)}: destroy_dev calls it while threads are still inside the
     * driver, so that the driver can wake them and make them leave.
     */
    @FunctionalInterface
    public interface d_purge_t {
        void d_purge(Cdev dev);
    }

    public int d_version;
    public int d_flags;
    public String d_name;
    public d_open_t d_open;
    public d_close_t d_close;
    public d_read_t d_read;
    public d_write_t d_write;
    public d_ioctl_t d_ioctl;
    public d_mmap_t d_mmap;
    public d_purge_t d_purge;

    public Cdevsw d_version(int v) {
        this.d_version = v;
        return this;
    }

    public Cdevsw d_flags(int f) {
        this.d_flags = f;
        return this;
    }

    public Cdevsw d_name(String n) {
        this.d_name = n;
        return this;
    }

    public Cdevsw d_open(d_open_t f) {
        this.d_open = f;
        return this;
    }

    public Cdevsw d_close(d_close_t f) {
        this.d_close = f;
        return this;
    }

    public Cdevsw d_read(d_read_t f) {
        this.d_read = f;
        return this;
    }

    public Cdevsw d_write(d_write_t f) {
        this.d_write = f;
        return this;
    }

    public Cdevsw d_ioctl(d_ioctl_t f) {
        this.d_ioctl = f;
        return this;
    }

    public Cdevsw d_mmap(d_mmap_t f) {
        this.d_mmap = f;
        return this;
    }

    public Cdevsw d_purge(d_purge_t f) {
        this.d_purge = f;
        return this;
    }
}
