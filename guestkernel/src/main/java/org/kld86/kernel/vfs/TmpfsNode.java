package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kpi.Uio;

/**
 * A tmpfs file or directory (FreeBSD's struct tmpfs_node). A directory holds its entries by name, listed in
 * name order. A regular file holds its size and the page frames of its data, by page index; a page absent
 * from the map is a hole. The frames of a removed file are kept while it is open and freed at its last close.
 */
final class TmpfsNode extends Vnode {

    private static final int PAGE = VmLayout.PAGE_SIZE;

    private final Tmpfs fs;
    private final TreeMap<String, TmpfsNode> entries = new TreeMap<>();
    private final TreeMap<Long, Integer> pages = new TreeMap<>();
    private long size;
    private int links = 1;
    private int subdirs;

    TmpfsNode(Tmpfs fs, VType type, int mode, int uid, int gid) {
        super(type, fs.mount(), mode, uid, gid);
        this.fs = fs;
    }

    @Override
    public long size() {
        return type() == VType.VDIR ? 512 : size;
    }

    @Override
    public int nlink() {
        return type() == VType.VDIR ? 2 + subdirs : links;
    }

    @Override
    public long blocks() {
        return (long) pages.size() * (PAGE / 512);
    }

    /** The frames of the file's data by page index (for tests that look at guest memory). */
    Map<Long, Integer> pageFrames() {
        return java.util.Collections.unmodifiableMap(pages);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Directory

    @Override
    public Vnode lookup(String name) {
        return entries.get(name);
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public int create(String name, VType newType, int newMode, Ucred cred, Vnode[] out) {
        if (type() != VType.VDIR) {
            return ENOTDIR;
        }
        if (entries.containsKey(name)) {
            return EEXIST;
        }
        if (newType != VType.VREG && newType != VType.VDIR) {
            return EOPNOTSUPP;
        }
        int m = newMode;
        if ((m & Vaccess.S_ISGID) != 0 && !cred.inGroup(gid) && !cred.privileged()) {
            m &= ~Vaccess.S_ISGID; // a file may not join a group its creator is not in
        }
        TmpfsNode n = new TmpfsNode(fs, newType, m, cred.uid(), gid);
        n.linkAt(this, name);
        entries.put(name, n);
        if (newType == VType.VDIR) {
            subdirs++;
        }
        modified();
        out[0] = n;
        return 0;
    }

    @Override
    public int remove(String name) {
        TmpfsNode n = entries.get(name);
        if (n == null) {
            return ENOENT;
        }
        if (n.type() == VType.VDIR) {
            return EPERM;
        }
        entries.remove(name);
        modified();
        n.links--;
        n.ctimeNanos = fs.mount().nowNanos();
        if (n.opens() == 0) {
            n.freeData();
        }
        return 0;
    }

    @Override
    public int rmdir(String name) {
        TmpfsNode n = entries.get(name);
        if (n == null) {
            return ENOENT;
        }
        if (n.type() != VType.VDIR) {
            return ENOTDIR;
        }
        if (!n.entries.isEmpty()) {
            return ENOTEMPTY;
        }
        entries.remove(name);
        subdirs--;
        n.links = 0;
        modified();
        return 0;
    }

    /**
     * tmpfs_rename: the node moves between directories as it is; a replaced file loses its link (its data freed
     * now, or at its last close), a replaced directory (empty, as checked above) goes.
     */
    @Override
    public int rename(String fromName, Vnode toDir, String toName) {
        TmpfsNode n = entries.get(fromName);
        if (n == null) {
            return ENOENT;
        }
        if (!(toDir instanceof TmpfsNode td) || td.fs != fs) {
            return EXDEV;
        }
        TmpfsNode old = td.entries.get(toName);
        if (old == n) {
            return 0;
        }
        if (old != null && old.type() == VType.VDIR && !old.entries.isEmpty()) {
            return ENOTEMPTY;
        }
        if (old != null) {
            int error = old.type() == VType.VDIR ? td.rmdir(toName) : td.remove(toName);
            if (error != 0) {
                return error;
            }
        }
        entries.remove(fromName);
        if (n.type() == VType.VDIR) {
            subdirs--;
            td.subdirs++;
        }
        modified();
        td.entries.put(toName, n);
        td.modified();
        n.linkAt(td, toName);
        n.ctimeNanos = fs.mount().nowNanos();
        return 0;
    }

    @Override
    protected void inactive() {
        if (links == 0) {
            freeData();
        }
    }

    private void freeData() {
        for (int pfn : pages.values()) {
            fs.freePage(pfn);
        }
        pages.clear();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Data

    @Override
    public int read(Uio uio, int ioflag) {
        if (type() == VType.VDIR) {
            return EISDIR;
        }
        if (uio.uio_offset < 0) {
            return EINVAL;
        }
        while (uio.uio_resid > 0 && uio.uio_offset < size) {
            long off = uio.uio_offset;
            long index = off / PAGE;
            int pgoff = (int) (off % PAGE);
            long n = Math.min(Math.min(PAGE - pgoff, size - off), uio.uio_resid);
            Integer pfn = pages.get(index);
            long va = pfn == null ? fs.zeroPageVa() : fs.va(pfn);
            int error = Uio.uiomove(va + pgoff, n, uio);
            if (error != 0) {
                return error;
            }
        }
        accessed();
        return 0;
    }

    @Override
    public int write(Uio uio, int ioflag) {
        if (type() == VType.VDIR) {
            return EISDIR;
        }
        if ((ioflag & IO_APPEND) != 0) {
            uio.uio_offset = size;
        }
        if (uio.uio_offset < 0) {
            return EINVAL;
        }
        if (uio.uio_resid == 0) {
            return 0;
        }
        if (uio.uio_offset + uio.uio_resid < 0) {
            return EFBIG;
        }
        long oldSize = size;
        int error = 0;
        while (uio.uio_resid > 0) {
            long off = uio.uio_offset;
            long index = off / PAGE;
            int pgoff = (int) (off % PAGE);
            long n = Math.min(PAGE - pgoff, uio.uio_resid);
            Integer pfn = pages.get(index);
            if (pfn == null) {
                int got = fs.allocPage();
                if (got == PageDescriptors.NO_PFN) {
                    error = ENOSPC;
                    break;
                }
                pfn = got;
                pages.put(index, got);
            }
            error = Uio.uiomove(fs.va(pfn) + pgoff, n, uio);
            size = Math.max(size, uio.uio_offset);
            if (error != 0) {
                break;
            }
        }
        if (error != 0) {
            // tmpfs_write: a failed write leaves the file as it was
            truncate(oldSize);
            return error;
        }
        modified();
        return 0;
    }

    @Override
    public int truncate(long length) {
        if (type() == VType.VDIR) {
            return EISDIR;
        }
        if (length < 0) {
            return EINVAL;
        }
        if (length < size) {
            long keep = (length + PAGE - 1) / PAGE;
            for (Map.Entry<Long, Integer> e : new ArrayList<>(pages.tailMap(keep, true).entrySet())) {
                fs.freePage(e.getValue());
                pages.remove(e.getKey());
            }
            int tail = (int) (length % PAGE);
            Integer last = pages.get(length / PAGE);
            if (tail != 0 && last != null) {
                // what was beyond the new end must read as zeroes if the file grows again
                fs.kernel().memory().fill(fs.va(last) + tail, PAGE - tail, 0);
            }
        }
        size = length;
        modified();
        return 0;
    }
}
