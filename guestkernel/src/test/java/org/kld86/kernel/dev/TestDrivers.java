package org.kld86.kernel.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.kld86.kernel.Guest;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.ModuleJars;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * The drivers the device tests load, built from source as modules: a FreeBSD one (cdevsw, make_dev, uiomove,
 * ioctl, mmap, tsleep) and a Linux one in LDD3's style (char device region, cdevs, file_operations with f_pos,
 * ioctl, mmap with a fault handler or remap_pfn_range, a seq_file and a read_proc /proc entry). Each gets its
 * memory from the test, two contiguous pages whose kernel and physical addresses it is told at load (a
 * tunable for the FreeBSD one, module parameters for the Linux one), so it needs nothing but the device KPI.
 */
public final class TestDrivers {

    private TestDrivers() {
    }

    /** A driver's buffer: kernel virtual and physical address of {@code pages} contiguous pages. */
    public record Buffer(long va, long pa, int sizeBytes) {
    }

    public static Buffer buffer(Guest g, int order) {
        int pfn = g.kernel.pageRequests().allocPages(order, Zone.NORMAL, PageRequests.WAIT | PageRequests.ZERO);
        return new Buffer(g.kernel.vm().pfnToVirt(pfn), (long) pfn << VmLayout.PAGE_SHIFT, VmLayout.PAGE_SIZE << order);
    }

    public static final String FB = """
            package fbtest;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Conf.*;
            import static org.kld86.kpi.Errno.*;
            import static org.kld86.kpi.Ioccom.*;
            import static org.kld86.kpi.Sleep.*;
            import static org.kld86.kpi.Systm.*;
            import static org.kld86.kpi.Uio.uiomove;

            @DevModule(name = "fbtest")
            public final class FbTest implements ModuleEventHandler {
                static final long FBTEST_GETLEN = _IOR('F', 1, int.class);
                static final long FBTEST_SETLEN = _IOW('F', 2, int.class);
                static final long FBTEST_XOR = _IOWR('F', 3, int.class);
                static final long FBTEST_WAIT = _IO('F', 4);
                static final long FBTEST_BIG = _IOR('F', 5, 256);
                static final long FBTEST_RAW = _IO('F', 6);

                static final Object softc = new Object();
                static Cdev dev;
                static long buf;
                static long bufpa;
                static int size;
                static int len;
                static int waitTicks;

                static int fb_open(Cdev d, int oflags, int devtype, Td td) {
                    uprintf("fbtest: open by pid %d, flags %#x\\n", td.p_pid, oflags);
                    return 0;
                }

                static int fb_close(Cdev d, int fflag, int devtype, Td td) {
                    uprintf("fbtest: close\\n");
                    return 0;
                }

                static int fb_read(Cdev d, Uio uio, int ioflag) {
                    long amount = Math.min(uio.uio_resid, Math.max(0, len - uio.uio_offset));
                    return amount <= 0 ? 0 : uiomove(buf + uio.uio_offset, amount, uio);
                }

                static int fb_write(Cdev d, Uio uio, int ioflag) {
                    if (uio.uio_offset >= size) {
                        return ENOSPC;
                    }
                    long amount = Math.min(uio.uio_resid, size - uio.uio_offset);
                    int error = uiomove(buf + uio.uio_offset, amount, uio);
                    len = (int) Math.max(len, uio.uio_offset);
                    return error;
                }

                static int fb_ioctl(Cdev d, long cmd, long data, int fflag, Td td) {
                    if (cmd == FBTEST_GETLEN) {
                        Mem.write32(data, len);
                        return 0;
                    }
                    if (cmd == FBTEST_SETLEN) {
                        int v = Mem.read32(data);
                        if (v < 0 || v > size) {
                            return EINVAL;
                        }
                        len = v;
                        return 0;
                    }
                    if (cmd == FBTEST_XOR) {
                        Mem.write32(data, Mem.read32(data) ^ 0x5a5a);
                        return 0;
                    }
                    if (cmd == FBTEST_WAIT) {
                        uprintf("fbtest: waiting\\n");
                        int e = tsleep(softc, PRIBIO | PCATCH, "fbwait", waitTicks);
                        uprintf("fbtest: woke %d\\n", e);
                        return 0;
                    }
                    if (cmd == FBTEST_BIG) {
                        for (int i = 0; i < 256; i++) {
                            Mem.write8(data + i, i);
                        }
                        return 0;
                    }
                    if (cmd == FBTEST_RAW) {
                        return Mem.read32(data) == 0x1234 ? 0 : EINVAL;
                    }
                    return ENOTTY;
                }

                static int fb_mmap(Cdev d, long offset, long[] paddr, int nprot) {
                    if (offset >= size) {
                        return EINVAL;
                    }
                    paddr[0] = bufpa + offset;
                    return 0;
                }

                static void fb_purge(Cdev d) {
                    wakeup(softc);
                }

                static final Cdevsw fb_cdevsw = new Cdevsw()
                        .d_version(D_VERSION)
                        .d_open(FbTest::fb_open)
                        .d_close(FbTest::fb_close)
                        .d_read(FbTest::fb_read)
                        .d_write(FbTest::fb_write)
                        .d_ioctl(FbTest::fb_ioctl)
                        .d_mmap(FbTest::fb_mmap)
                        .d_name("fbtest");

                public int modevent(KldModule mod, int what, Object arg) {
                    switch (what) {
                    case Kld.MOD_LOAD:
                        buf = Kern.TUNABLE_QUAD_FETCH("hw.fbtest.buf", 0);
                        bufpa = Kern.TUNABLE_QUAD_FETCH("hw.fbtest.pa", 0);
                        size = Kern.TUNABLE_INT_FETCH("hw.fbtest.size", 0);
                        waitTicks = Kern.TUNABLE_INT_FETCH("hw.fbtest.wait_ticks", 0);
                        fb_cdevsw.d_purge = Kern.TUNABLE_INT_FETCH("hw.fbtest.purge", 1) != 0 ? FbTest::fb_purge : null;
                        if (Kern.TUNABLE_INT_FETCH("hw.fbtest.track", 0) != 0) {
                            fb_cdevsw.d_flags |= D_TRACKCLOSE;
                        }
                        dev = make_dev(fb_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "fbtest");
                        dev.si_drv1 = softc;
                        uprintf("fbtest: loaded, unit %d\\n", dev2unit(dev));
                        return 0;
                    case Kld.MOD_UNLOAD:
                        if (Kern.TUNABLE_INT_FETCH("hw.fbtest.leak", 0) == 0) {
                            destroy_dev(dev);
                        }
                        uprintf("fbtest: unloaded\\n");
                        return 0;
                    default:
                        return EOPNOTSUPP;
                    }
                }
            }
            """;

    /** Loads fbtest from /boot/modules with a fresh buffer and the given extra tunables; returns the buffer. */
    public static Buffer loadFb(Guest g, String... tunables) {
        Buffer b = buffer(g, 1);
        g.kernel.kenv().set("hw.fbtest.buf", "0x" + Long.toHexString(b.va()));
        g.kernel.kenv().set("hw.fbtest.pa", "0x" + Long.toHexString(b.pa()));
        g.kernel.kenv().set("hw.fbtest.size", Integer.toString(b.sizeBytes()));
        for (int i = 0; i < tunables.length; i += 2) {
            g.kernel.kenv().set(tunables[i], tunables[i + 1]);
        }
        g.store.put("/boot/modules/fbtest.ko", ModuleJars.jar(Map.of("fbtest.FbTest", FB)));
        Linker.LoadResult r = g.kernel.linker().kldload("fbtest", List.of());
        assertEquals(0, r.errno(), "kldload fbtest");
        return b;
    }

    public static final String LX = """
            package lxtest;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Chrdev.*;
            import static org.kld86.kpi.Errno.*;
            import static org.kld86.kpi.Inode.iminor;
            import static org.kld86.kpi.Kdev.*;
            import static org.kld86.kpi.Kmodule.THIS_MODULE;
            import static org.kld86.kpi.LinuxIoctl.*;
            import static org.kld86.kpi.LinuxProc.*;
            import static org.kld86.kpi.Printk.*;
            import static org.kld86.kpi.SeqFile.*;
            import static org.kld86.kpi.Uaccess.*;
            import static org.kld86.kpi.VmOperationsStruct.*;
            import static org.kld86.kpi.Vsprintf.sprintf;

            @LinuxModule(name = "lxtest", description = "a scull-like test device")
            public final class LxTest {
                @ModuleParam static long buf;
                @ModuleParam static long bufpa;
                @ModuleParam static int size = 8192;
                @ModuleParam static int nr_devs = 2;
                @ModuleParam static boolean noowner;

                static final int LX_IOCRESET = _IO('k', 0);
                static final int LX_IOCGSIZE = _IOR('k', 1, int.class);
                static final int LX_IOCQSIZE = _IO('k', 2);
                static final int LX_IOCSSIZE = _IOW('k', 3, int.class);

                static int major;
                static final LinuxCdev[] cdevs = new LinuxCdev[4];
                static final long[] lens = new long[4];
                static int vmas;

                static int devsize() {
                    return size / nr_devs;
                }

                static long region(int i) {
                    return buf + (long) i * devsize();
                }

                static int dev(LinuxFile filp) {
                    return (Integer) filp.private_data;
                }

                static int lx_open(Inode inode, LinuxFile filp) {
                    int i = iminor(inode);
                    filp.private_data = i;
                    if ((filp.f_flags & LinuxFile.O_ACCMODE) == LinuxFile.O_WRONLY) {
                        lens[i] = 0;
                    }
                    return 0;
                }

                static int lx_release(Inode inode, LinuxFile filp) {
                    printk(KERN_INFO + "lxtest: release %d\\n", iminor(inode));
                    return 0;
                }

                static long lx_read(LinuxFile filp, long ubuf, long count, long[] f_pos) {
                    int i = dev(filp);
                    if (f_pos[0] >= lens[i]) {
                        return 0;
                    }
                    if (count > lens[i] - f_pos[0]) {
                        count = lens[i] - f_pos[0];
                    }
                    if (copy_to_user(ubuf, region(i) + f_pos[0], count) != 0) {
                        return -EFAULT;
                    }
                    f_pos[0] += count;
                    return count;
                }

                static long lx_write(LinuxFile filp, long ubuf, long count, long[] f_pos) {
                    int i = dev(filp);
                    if (f_pos[0] >= devsize()) {
                        return -ENOSPC;
                    }
                    if (count > devsize() - f_pos[0]) {
                        count = devsize() - f_pos[0];
                    }
                    if (copy_from_user(region(i) + f_pos[0], ubuf, count) != 0) {
                        return -EFAULT;
                    }
                    f_pos[0] += count;
                    lens[i] = Math.max(lens[i], f_pos[0]);
                    return count;
                }

                static long lx_llseek(LinuxFile filp, long off, int whence) {
                    long newpos;
                    switch (whence) {
                    case 0: newpos = off; break;
                    case 1: newpos = filp.f_pos + off; break;
                    case 2: newpos = lens[dev(filp)] + off; break;
                    default: return -EINVAL;
                    }
                    if (newpos < 0) {
                        return -EINVAL;
                    }
                    filp.f_pos = newpos;
                    return newpos;
                }

                static long lx_ioctl(LinuxFile filp, int cmd, long arg) {
                    int i = dev(filp);
                    if (_IOC_TYPE(cmd) != 'k') {
                        return -ENOTTY;
                    }
                    if (cmd == LX_IOCRESET) {
                        lens[i] = 0;
                        return 0;
                    }
                    if (cmd == LX_IOCGSIZE) {
                        return put_user((int) lens[i], arg);
                    }
                    if (cmd == LX_IOCQSIZE) {
                        return lens[i];
                    }
                    if (cmd == LX_IOCSSIZE) {
                        int[] v = new int[1];
                        if (get_user(v, arg) != 0) {
                            return -EFAULT;
                        }
                        lens[i] = v[0];
                        return 0;
                    }
                    return -LinuxErrno.ENOIOCTLCMD;
                }

                static void vma_open(VmAreaStruct vma) {
                    vmas++;
                }

                static void vma_close(VmAreaStruct vma) {
                    vmas--;
                    printk(KERN_INFO + "lxtest: vma closed, %d left\\n", vmas);
                }

                static int vma_fault(VmAreaStruct vma, VmFault vmf) {
                    int i = (Integer) vma.vm_private_data;
                    long off = vmf.pgoff << 12;
                    if (off >= devsize()) {
                        return VM_FAULT_SIGBUS;
                    }
                    VmAreaStruct.vm_insert_pfn(vma, vmf.virtual_address, (bufpa + (long) i * devsize() + off) >> 12);
                    return VM_FAULT_NOPAGE;
                }

                static final VmOperationsStruct lx_vm_ops = new VmOperationsStruct()
                        .open(LxTest::vma_open)
                        .close(LxTest::vma_close)
                        .fault(LxTest::vma_fault);

                static int lx_mmap(LinuxFile filp, VmAreaStruct vma) {
                    int i = dev(filp);
                    if (i == 1) {
                        long pfn = ((bufpa + devsize()) >> 12) + vma.vm_pgoff;
                        return VmAreaStruct.remap_pfn_range(vma, vma.vm_start, pfn, vma.vm_end - vma.vm_start,
                                vma.vm_page_prot);
                    }
                    vma.vm_ops = lx_vm_ops;
                    vma.vm_private_data = i;
                    vma_open(vma);
                    return 0;
                }

                static final FileOperations lx_fops = new FileOperations()
                        .owner(THIS_MODULE())
                        .llseek(LxTest::lx_llseek)
                        .read(LxTest::lx_read)
                        .write(LxTest::lx_write)
                        .unlocked_ioctl(LxTest::lx_ioctl)
                        .mmap(LxTest::lx_mmap)
                        .open(LxTest::lx_open)
                        .release(LxTest::lx_release);

                static int lx_proc_show(SeqFile m, Object v) {
                    for (int i = 0; i < nr_devs; i++) {
                        seq_printf(m, "Device %i: len %li\\n", i, lens[i]);
                    }
                    seq_printf(m, "vmas %d\\n", vmas);
                    return 0;
                }

                static int lx_proc_open(Inode inode, LinuxFile file) {
                    return single_open(file, LxTest::lx_proc_show, null);
                }

                static final FileOperations lx_proc_fops = new FileOperations()
                        .open(LxTest::lx_proc_open)
                        .read(SeqFile::seq_read)
                        .llseek(SeqFile::seq_lseek)
                        .release(SeqFile::single_release);

                static int lx_read_proc(long page, long[] start, long off, int count, int[] eof, Object data) {
                    int len = 0;
                    for (int i = 0; i < nr_devs; i++) {
                        len += sprintf(page + len, "old %d: %d\\n", i, (int) lens[i]);
                    }
                    eof[0] = 1;
                    return len;
                }

                @ModuleInit
                static int lx_init() {
                    int[] dev = new int[1];
                    int r = alloc_chrdev_region(dev, 0, nr_devs, "lxtest");
                    if (r < 0) {
                        return r;
                    }
                    major = MAJOR(dev[0]);
                    if (noowner) {
                        lx_fops.owner = null;
                    }
                    for (int i = 0; i < nr_devs; i++) {
                        cdevs[i] = new LinuxCdev();
                        cdev_init(cdevs[i], lx_fops);
                        cdevs[i].owner = THIS_MODULE();
                        r = cdev_add(cdevs[i], MKDEV(major, i), 1);
                        if (r < 0) {
                            return r;
                        }
                    }
                    proc_create("lxtestmem", 0, null, lx_proc_fops);
                    create_proc_read_entry("lxtestold", 0, null, LxTest::lx_read_proc, null);
                    printk(KERN_INFO + "lxtest: major %d\\n", major);
                    return 0;
                }

                @ModuleExit
                static void lx_exit() {
                    remove_proc_entry("lxtestmem", null);
                    remove_proc_entry("lxtestold", null);
                    for (int i = 0; i < nr_devs; i++) {
                        cdev_del(cdevs[i]);
                    }
                    unregister_chrdev_region(MKDEV(major, 0), nr_devs);
                }
            }
            """;

    /** Loads lxtest from /boot/modules with a fresh two-page buffer and {@code params}; returns the buffer. */
    public static Buffer loadLx(Guest g, String... params) {
        Buffer b = buffer(g, 1);
        List<String> ps = new java.util.ArrayList<>(List.of("buf=0x" + Long.toHexString(b.va()),
                "bufpa=0x" + Long.toHexString(b.pa()), "size=" + b.sizeBytes()));
        ps.addAll(List.of(params));
        g.store.put("/boot/modules/lxtest.ko", ModuleJars.jar(Map.of("lxtest.LxTest", LX)));
        Linker.LoadResult r = g.kernel.linker().kldload("lxtest", ps);
        assertEquals(0, r.errno(), "kldload lxtest: " + g.kernel.console().dmesg());
        return b;
    }
}
