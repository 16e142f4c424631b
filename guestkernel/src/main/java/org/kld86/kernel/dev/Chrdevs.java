package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EBUSY;
import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENXIO;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.kld.KernelModule;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.Inode;
import org.kld86.kpi.Kdev;
import org.kld86.kpi.LinuxCdev;
import org.kld86.kpi.VmAreaStruct;

/**
 * Linux's character devices (fs/char_dev.c): the regions of device numbers drivers claim, the cdevs they add
 * on them, the device nodes that appear in devfs for them, and chrdev_open(), which finds a number's cdev, pins
 * its module and calls its open method.
 *
 * <p>Regions are kept by major as Linux keeps them; a dynamic major is the highest free one below 255, so the
 * first is 254, as in Linux 3.10. A new region may not overlap one of the same major (EBUSY). Nodes are named
 * region name + minor ("scull0"), made by cdev_add and removed by cdev_del; see {@link org.kld86.kpi.Chrdev}.
 */
public final class Chrdevs {

    /** CHRDEV_MAJOR_HASH_SIZE: majors from 1 to 254 can be given out dynamically. */
    static final int MAJOR_HASH_SIZE = 255;

    /** A claimed range of minors of one major (struct char_device_struct). */
    record Region(int major, int baseminor, int minorct, String name) {
        boolean holds(int major, int minor) {
            return this.major == major && minor >= baseminor && minor < baseminor + minorct;
        }
    }

    /** What the kernel knows of an added cdev: its numbers, its nodes and the module file its code is in. */
    static final class CdevState {
        final LinuxCdev cdev;
        final int dev;
        final int count;
        final LinkerFile file;
        final List<DevfsNode> nodes = new ArrayList<>();
        boolean deleted;

        CdevState(LinuxCdev cdev, int dev, int count, LinkerFile file) {
            this.cdev = cdev;
            this.dev = dev;
            this.count = count;
            this.file = file;
        }
    }

    private final Kernel kernel;
    private final Devices devices;
    private final List<Region> regions = new ArrayList<>();
    /** The cdev map (kobj_map): device number to the cdev added last for it. */
    private final TreeMap<Integer, CdevState> map = new TreeMap<>(Integer::compareUnsigned);
    private final Map<LinuxCdev, CdevState> added = new IdentityHashMap<>();
    /** The per-node inodes (one struct inode per device node, shared by its opens). */
    private final Map<DevfsNode, Inode> inodes = new IdentityHashMap<>();
    private final Map<VmAreaStruct, LinuxFileOps.Vma> vmas = new IdentityHashMap<>();

    Chrdevs(Kernel kernel, Devices devices) {
        this.kernel = kernel;
        this.devices = devices;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Regions

    /** __register_chrdev_region(): the major given (or chosen, for 0), or -EBUSY. */
    private int register(int major, int baseminor, int minorct, String name) {
        if (minorct <= 0 || baseminor < 0 || (long) baseminor + minorct - 1 > Kdev.MINORMASK) {
            return -EINVAL;
        }
        if (major == 0) {
            int i;
            for (i = MAJOR_HASH_SIZE - 1; i > 0; i--) {
                int m = i;
                if (regions.stream().noneMatch(r -> r.major() % MAJOR_HASH_SIZE == m)) {
                    break;
                }
            }
            if (i == 0) {
                return -EBUSY;
            }
            major = i;
        }
        int newMax = baseminor + minorct - 1;
        for (Region r : regions) {
            if (r.major() != major) {
                continue;
            }
            int oldMax = r.baseminor() + r.minorct() - 1;
            if (baseminor <= oldMax && newMax >= r.baseminor()) {
                return -EBUSY;
            }
        }
        String n = name.length() > 63 ? name.substring(0, 63) : name;
        regions.add(new Region(major, baseminor, minorct, n));
        regions.sort((a, b) -> a.major() != b.major() ? Integer.compare(a.major(), b.major())
                : Integer.compare(a.baseminor(), b.baseminor()));
        return major;
    }

    /** register_chrdev_region(): one region per major the range spans; 0, or the first error (nothing kept). */
    public int registerRegion(int from, int count, String name, Class<?> caller) {
        if (count <= 0) {
            return -EINVAL;
        }
        long to = Integer.toUnsignedLong(from) + count;
        List<int[]> done = new ArrayList<>();
        for (long n = Integer.toUnsignedLong(from); n < to; ) {
            long next = Math.min((long) (Kdev.MAJOR((int) n) + 1) << Kdev.MINORBITS, to);
            int r = register(Kdev.MAJOR((int) n), Kdev.MINOR((int) n), (int) (next - n), name);
            if (r < 0) {
                for (int[] d : done) {
                    unregister(d[0], d[1], d[2]);
                }
                return r;
            }
            done.add(new int[] {Kdev.MAJOR((int) n), Kdev.MINOR((int) n), (int) (next - n)});
            n = next;
        }
        return 0;
    }

    /** alloc_chrdev_region(). */
    public int allocRegion(int[] dev, int baseminor, int count, String name, Class<?> caller) {
        int major = register(0, baseminor, count, name);
        if (major < 0) {
            return major;
        }
        dev[0] = Kdev.MKDEV(major, baseminor);
        return 0;
    }

    private void unregister(int major, int baseminor, int minorct) {
        regions.removeIf(r -> r.major() == major && r.baseminor() == baseminor && r.minorct() == minorct);
    }

    /** unregister_chrdev_region(). */
    public void unregisterRegion(int from, int count) {
        long to = Integer.toUnsignedLong(from) + count;
        for (long n = Integer.toUnsignedLong(from); n < to; ) {
            long next = Math.min((long) (Kdev.MAJOR((int) n) + 1) << Kdev.MINORBITS, to);
            unregister(Kdev.MAJOR((int) n), Kdev.MINOR((int) n), (int) (next - n));
            n = next;
        }
    }

    private Region regionOf(int dev) {
        for (Region r : regions) {
            if (r.holds(Kdev.MAJOR(dev), Kdev.MINOR(dev))) {
                return r;
            }
        }
        return null;
    }

    /** /proc/devices (fs/proc/devices.c, chrdev_show): the character majors in use, then the block ones. */
    public String procDevices() {
        StringBuilder sb = new StringBuilder("Character devices:\n");
        int last = -1;
        for (Region r : regions) {
            if (r.major() == last) {
                continue;
            }
            sb.append(String.format("%3d %s%n", r.major(), r.name()));
            last = r.major();
        }
        sb.append("\nBlock devices:\n");
        return sb.toString();
    }

    // -------------------------------------------------------------------------------------------------------------
    // cdevs

    /** cdev_add(): maps the numbers to the cdev and makes their nodes. */
    public int cdevAdd(LinuxCdev cdev, int dev, int count, Class<?> caller) {
        if (count <= 0 || cdev.ops == null) {
            return -EINVAL;
        }
        if (added.containsKey(cdev)) {
            return -EBUSY;
        }
        cdev.dev = dev;
        cdev.count = count;
        LinkerFile file = caller == null || kernel.linker() == null ? null : kernel.linker().fileOf(caller);
        CdevState s = new CdevState(cdev, dev, count, file);
        added.put(cdev, s);
        for (int i = 0; i < count; i++) {
            int devt = dev + i;
            map.put(devt, s);
            Region r = regionOf(devt);
            if (r == null) {
                continue;
            }
            String name = r.name() + Kdev.MINOR(devt);
            int[] err = {0};
            DevfsNode node = devices.devfs().add(name, Ucred.UID_ROOT, Ucred.GID_WHEEL, 0600, devt,
                    (n, fflags, path, cred, e) -> open(n, devt, fflags, path, e), err);
            if (node != null) {
                s.nodes.add(node);
                inodes.put(node, new Inode(devt));
            }
        }
        if (file != null) {
            // a module that forgets cdev_del must not leave numbers that reach its unloaded code
            LinkerFile[] at = new LinkerFile[1];
            at[0] = kernel.linker().registerUninit(() -> {
                if (at[0] == s.file && !s.deleted) {
                    cdevDel(cdev);
                }
            });
        }
        return 0;
    }

    /** cdev_del(): unmaps the numbers and removes the nodes. */
    public void cdevDel(LinuxCdev cdev) {
        CdevState s = added.remove(cdev);
        if (s == null) {
            return;
        }
        s.deleted = true;
        for (int i = 0; i < s.count; i++) {
            map.remove(s.dev + i, s);
        }
        for (DevfsNode n : s.nodes) {
            devices.devfs().remove(n);
            inodes.remove(n);
        }
    }

    /**
     * chrdev_open(): the cdev of the number, its file_operations pinned through their owner module
     * (fops_get), and their open method. ENXIO if no cdev has the number or its module is going away.
     */
    private File open(DevfsNode node, int devt, int fflags, String path, int[] err) {
        CdevState s = map.get(devt);
        if (s == null || s.deleted || !alive(s.file)) {
            err[0] = ENXIO;
            return null;
        }
        FileOperations fops = s.cdev.ops;
        KernelModule owner = (KernelModule) fops.owner;
        if (owner != null && !owner.tryGet()) {
            err[0] = ENXIO;
            return null;
        }
        Inode inode = inodes.computeIfAbsent(node, n -> new Inode(devt));
        inode.i_cdev = s.cdev;
        LinkerFile code = s.file != null ? s.file : owner != null ? owner.file() : null;
        File fp = LinuxFileOps.open(this, fops, inode, node, code, owner, fflags, path,
                () -> alive(s.file) && (owner == null || kernel.linker().modules().contains(owner)), ENXIO, err);
        if (fp == null && owner != null) {
            owner.put();
        }
        return fp;
    }

    boolean alive(LinkerFile f) {
        return f == null || kernel.linker().fileById(f.id()) == f;
    }

    Kernel kernel() {
        return kernel;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Mappings

    void addVma(VmAreaStruct vma, LinuxFileOps.Vma state) {
        vmas.put(vma, state);
    }

    void removeVma(VmAreaStruct vma) {
        vmas.remove(vma);
    }

    /** remap_pfn_range(). */
    public int remapPfnRange(VmAreaStruct vma, long addr, long pfn, long size) {
        LinuxFileOps.Vma v = vmas.get(vma);
        if (v == null || (addr & 0xFFF) != 0 || (size & 0xFFF) != 0 || size <= 0 || addr < vma.vm_start
                || addr + size > vma.vm_end || pfn < 0) {
            return -EINVAL;
        }
        vma.vm_flags |= VmAreaStruct.VM_IO | VmAreaStruct.VM_PFNMAP | VmAreaStruct.VM_DONTEXPAND
                | VmAreaStruct.VM_DONTDUMP;
        for (long off = 0; off < size; off += 4096) {
            v.pfns.put(addr + off, pfn + off / 4096);
        }
        return 0;
    }

    /** vm_insert_pfn(). */
    public int insertPfn(VmAreaStruct vma, long addr, long pfn) {
        LinuxFileOps.Vma v = vmas.get(vma);
        if (v == null || addr < vma.vm_start || addr >= vma.vm_end) {
            return -EFAULT;
        }
        v.pfns.put(addr & ~0xFFFL, pfn);
        return 0;
    }
}
