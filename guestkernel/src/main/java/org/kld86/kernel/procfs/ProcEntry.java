package org.kld86.kernel.procfs;

import static org.kld86.kpi.Errno.EIO;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Mount;
import org.kld86.kernel.vfs.VType;
import org.kld86.kernel.vfs.Vnode;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.Inode;
import org.kld86.kpi.LinuxProc;

/**
 * An entry of /proc (Linux's struct proc_dir_entry, which is also its vnode here): a directory, or a read-only
 * file whose text comes from one of three sources: a kernel subsystem's text supplier, a module's
 * file_operations (proc_create, usually seq_file's single_open), or a module's read_proc function
 * (create_proc_read_entry and its page buffer). An entry knows the module file its code lives in, so that it
 * can be removed when the module goes and is never reached afterwards.
 */
public final class ProcEntry extends Vnode {

    enum Kind { DIR, TEXT, FOPS, READ_PROC }

    final Kind kind;
    final Supplier<String> text;
    final FileOperations fops;
    final LinuxProc.ReadProc readProc;
    final Object data;
    final LinkerFile file;
    final Inode inode = new Inode(0);
    final TreeMap<String, ProcEntry> entries = new TreeMap<>();
    /** Open files of a file_operations entry, which its removal releases. */
    final List<File> open = new ArrayList<>();
    boolean removed;
    private final Procfs fs;

    ProcEntry(Procfs fs, Mount mount, Kind kind, int mode, Supplier<String> text, FileOperations fops,
            LinuxProc.ReadProc readProc, Object data, LinkerFile file) {
        super(kind == Kind.DIR ? VType.VDIR : VType.VREG, mount, mode, Ucred.UID_ROOT, Ucred.GID_WHEEL);
        this.fs = fs;
        this.kind = kind;
        this.text = text;
        this.fops = fops;
        this.readProc = readProc;
        this.data = data;
        this.file = file;
        inode.i_private = data;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public int nlink() {
        if (kind != Kind.DIR) {
            return 1;
        }
        int n = 2;
        for (ProcEntry e : entries.values()) {
            if (e.kind == Kind.DIR) {
                n++;
            }
        }
        return n;
    }

    @Override
    public Vnode lookup(String name) {
        ProcEntry e = entries.get(name);
        if (e != null && !fs.alive(e)) {
            fs.drop(e); // its module is gone
            return null;
        }
        return e;
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (String n : new ArrayList<>(entries.keySet())) {
            if (lookup(n) != null) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public File open(int fflags, String path, Ucred cred, int[] err) {
        if (kind == Kind.DIR) {
            return super.open(fflags, path, cred, err);
        }
        if (removed || !fs.alive(this)) {
            err[0] = EIO;
            return null;
        }
        return fs.open(this, fflags, path, err);
    }

    void link(String name, ProcEntry child) {
        child.linkAt(this, name);
        entries.put(name, child);
        modified();
    }

    void unlink(String name) {
        entries.remove(name);
        modified();
    }
}
