package org.kld86.kernel.procfs;

import static org.kld86.kpi.Errno.EIO;

import java.util.function.Supplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.dev.LinuxFileOps;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.vfs.Mount;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.LinuxProc;

/**
 * procfs, the file system at /proc, with Linux's read-only entries: the kernel's own texts, which any subsystem
 * registers by name ({@code kernel.procfs().register("buddyinfo", proc::buddyinfo)}), and the entries drivers
 * make through the Linux KPI ({@link LinuxProc}: proc_create with a file_operations, create_proc_read_entry
 * with a read_proc function, proc_mkdir, remove_proc_entry).
 *
 * <p>Texts are made when a reader starts at offset 0 and served from a guest buffer by offset, so a reader
 * taking them in small pieces (cat) sees one consistent text. A module's entries are removed when the module is
 * unloaded if it did not remove them itself; an entry whose module is gone is never reached: it disappears
 * from lookups, and files still open on it read EIO, as Linux's use_pde() answers after remove_proc_entry.
 */
public final class Procfs {

    /** S_IRUGO and the directory default S_IRUGO|S_IXUGO. */
    static final int S_IRUGO = 0444;
    static final int S_IRUGO_XUGO = 0555;

    private final Kernel kernel;
    private final Mount mount;
    private final ProcEntry root;

    public Procfs(Kernel kernel, int fsid) {
        this.kernel = kernel;
        this.mount = new Mount(kernel, "procfs", fsid, false);
        this.root = new ProcEntry(this, mount, ProcEntry.Kind.DIR, S_IRUGO_XUGO, null, null, null, null, null);
        mount.setRoot(root);
    }

    public Mount mount() {
        return mount;
    }

    Kernel kernel() {
        return kernel;
    }

    /** The top directory, /proc itself. */
    public ProcEntry root() {
        return root;
    }

    // -------------------------------------------------------------------------------------------------------------
    // The kernel's texts

    /** Registers /proc/{@code name} (0444) showing {@code text}'s answer at the time of each read from the start. */
    public void register(String name, Supplier<String> text) {
        register(name, S_IRUGO, text);
    }

    /** As {@link #register(String, Supplier)} with a mode (0400 for vmallocinfo, as Linux has it). */
    public void register(String name, int mode, Supplier<String> text) {
        if (root.entries.containsKey(name)) {
            throw new IllegalArgumentException("procfs: /proc/" + name + " is already registered");
        }
        root.link(name, new ProcEntry(this, mount, ProcEntry.Kind.TEXT, mode, text, null, null, null, null));
    }

    /** Takes a kernel text away. */
    public void unregister(String name) {
        ProcEntry e = root.entries.get(name);
        if (e != null) {
            remove(e);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The Linux KPI's entries

    private ProcEntry dir(ProcEntry parent) {
        return parent == null ? root : parent;
    }

    /** proc_register(): links the entry, or prints Linux's warning and returns null for a name taken. */
    private ProcEntry add(String name, ProcEntry parent, ProcEntry e) {
        ProcEntry dir = dir(parent);
        if (name == null || name.isEmpty() || name.contains("/") || dir.kind != ProcEntry.Kind.DIR || dir.removed) {
            return null;
        }
        if (dir.lookup(name) != null) {
            kernel.console().printf("proc_dir_entry '%s/%s' already registered%n",
                    dir == root ? "/proc" : dir.name(), name);
            return null;
        }
        dir.link(name, e);
        if (e.file != null) {
            LinkerFile[] at = new LinkerFile[1];
            at[0] = kernel.linker().registerUninit(() -> {
                if (at[0] == e.file && !e.removed) {
                    remove(e);
                }
            });
        }
        return e;
    }

    private LinkerFile fileOf(Class<?> caller) {
        return caller == null || kernel.linker() == null ? null : kernel.linker().fileOf(caller);
    }

    private static int fileMode(int mode) {
        return (mode & 0777) == 0 ? (mode | S_IRUGO) : mode;
    }

    /** proc_create_data(): an entry whose file_operations are the module's. */
    public ProcEntry create(String name, int mode, ProcEntry parent, FileOperations fops, Object data,
            Class<?> caller) {
        return add(name, parent, new ProcEntry(this, mount, ProcEntry.Kind.FOPS, fileMode(mode), null, fops, null, data,
                fileOf(caller)));
    }

    /** create_proc_read_entry(): an entry read through {@code readProc} and a page buffer. */
    public ProcEntry createReadEntry(String name, int mode, ProcEntry parent, LinuxProc.ReadProc readProc, Object data,
            Class<?> caller) {
        return add(name, parent, new ProcEntry(this, mount, ProcEntry.Kind.READ_PROC, fileMode(mode), null, null,
                readProc, data, fileOf(caller)));
    }

    /** proc_mkdir(). */
    public ProcEntry mkdir(String name, ProcEntry parent, Class<?> caller) {
        return add(name, parent, new ProcEntry(this, mount, ProcEntry.Kind.DIR, S_IRUGO_XUGO, null, null, null, null,
                fileOf(caller)));
    }

    /** remove_proc_entry(): removes {@code name} (and what is under it) from {@code parent}; quietly if absent. */
    public void remove(String name, ProcEntry parent) {
        ProcEntry dir = dir(parent);
        ProcEntry e = dir.entries.get(name);
        if (e == null) {
            kernel.console().printf("remove_proc_entry: %s/%s not found%n", dir == root ? "" : dir.name(), name);
            return;
        }
        remove(e);
    }

    /** Takes an entry out: its open files are released now and read EIO from then on. */
    void remove(ProcEntry e) {
        for (ProcEntry child : e.entries.values().toArray(new ProcEntry[0])) {
            remove(child);
        }
        e.removed = true;
        ProcEntry dir = (ProcEntry) e.parent();
        if (dir != null && dir.entries.get(e.name()) == e) {
            dir.unlink(e.name());
        }
        for (File fp : e.open.toArray(new File[0])) {
            LinuxFileOps ops = LinuxFileOps.of(fp);
            if (ops != null && alive(e)) {
                ops.releaseNow();
            }
        }
        e.open.clear();
    }

    /** Drops an entry whose module is gone, without calling anything of it. */
    void drop(ProcEntry e) {
        for (ProcEntry child : e.entries.values().toArray(new ProcEntry[0])) {
            drop(child);
        }
        e.removed = true;
        e.open.clear();
        ProcEntry dir = (ProcEntry) e.parent();
        if (dir != null && dir.entries.get(e.name()) == e) {
            dir.unlink(e.name());
        }
    }

    /** Whether an entry's code is still loaded. */
    boolean alive(ProcEntry e) {
        return e.file == null || kernel.linker().fileById(e.file.id()) == e.file;
    }

    /** Opening an entry: the kind of file its source calls for. */
    File open(ProcEntry e, int fflags, String path, int[] err) {
        switch (e.kind) {
            case TEXT -> {
                return new File(new TextFile(kernel, e), e, fflags & 3, path);
            }
            case READ_PROC -> {
                return new File(new ReadProcFile(kernel, e), e, fflags & 3, path);
            }
            case FOPS -> {
                File fp = LinuxFileOps.open(kernel.devices().chrdevs(), e.fops, e.inode, e, e.file, null, fflags, path,
                        () -> !e.removed && alive(e), EIO, err);
                if (fp != null) {
                    e.open.removeIf(f -> f.refs() == 0);
                    e.open.add(fp);
                }
                return fp;
            }
            default -> throw new IllegalStateException("procfs: open of a directory");
        }
    }
}
