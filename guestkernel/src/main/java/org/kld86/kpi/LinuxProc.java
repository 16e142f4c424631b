package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.procfs.ProcEntry;

/**
 * linux/proc_fs.h: read-only files under /proc for drivers. The modern way is proc_create with a
 * file_operations built on seq_file ({@link SeqFile}):
 *
 * <pre>
 * static int scull_proc_show(SeqFile m, Object v) { seq_printf(m, "Device %i: ...", ...); return 0; }
 * static int scull_proc_open(Inode inode, LinuxFile file) { return single_open(file, Scull::scull_proc_show, null); }
 * static final FileOperations scull_proc_fops = new FileOperations()
 *         .owner(THIS_MODULE()).open(Scull::scull_proc_open)
 *         .read(SeqFile::seq_read).llseek(SeqFile::seq_lseek).release(SeqFile::single_release);
 * proc_create("scullseq", 0, null, scull_proc_fops);
 * </pre>
 *
 * LDD3's older way, create_proc_read_entry with a read_proc function that fills a page, is here too, with the
 * page-buffer semantics 2.6 had (see {@link ReadProc}). A mode of 0 means 0444. Entries are removed with
 * remove_proc_entry, normally in module_exit; the kernel removes what a module leaves when it is unloaded, and
 * an open file of a removed entry reads EIO.
 */
public final class LinuxProc {

    private LinuxProc() {
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * {@code int read_proc(char *page, char **start, off_t off, int count, int *eof, void *data)}: write the data
     * for offset {@code off} (at most {@code count} bytes, within the page) and return its length; set
     * {@code eof[0] = 1} at the end. {@code start[0]} tells where the data is: left 0, the page holds the file
     * from its start and the kernel skips to {@code off}; set to an address in the page, the data for
     * {@code off} begins there; set to a small number n (below the page's address), the data begins at the page
     * and the offset advances by n.
     */
    @FunctionalInterface
    public interface ReadProc {
        int read_proc(long page, long[] start, long off, int count, int[] eof, Object data);
    }

    private static ProcEntry pde(ProcDirEntry parent) {
        return parent == null ? null : parent.pde;
    }

    private static ProcDirEntry wrap(ProcEntry e) {
        return e == null ? null : new ProcDirEntry(e);
    }

    /** proc_create(): /proc/[parent/]name with the module's file_operations; null if the name is taken. */
    public static ProcDirEntry proc_create(String name, int mode, ProcDirEntry parent, FileOperations fops) {
        return wrap(Kernel.current().procfs().create(name, mode, pde(parent), fops, null, WALKER.getCallerClass()));
    }

    /** proc_create_data(): proc_create with data for the methods ({@link #PDE_DATA}). */
    public static ProcDirEntry proc_create_data(String name, int mode, ProcDirEntry parent, FileOperations fops,
            Object data) {
        return wrap(Kernel.current().procfs().create(name, mode, pde(parent), fops, data, WALKER.getCallerClass()));
    }

    /** proc_mkdir(): a directory under /proc (or under {@code parent}). */
    public static ProcDirEntry proc_mkdir(String name, ProcDirEntry parent) {
        return wrap(Kernel.current().procfs().mkdir(name, pde(parent), WALKER.getCallerClass()));
    }

    /** create_proc_read_entry() (2.6): an entry read through {@code read_proc}. */
    public static ProcDirEntry create_proc_read_entry(String name, int mode, ProcDirEntry base, ReadProc read_proc,
            Object data) {
        return wrap(Kernel.current().procfs().createReadEntry(name, mode, pde(base), read_proc, data,
                WALKER.getCallerClass()));
    }

    /** remove_proc_entry(): removes {@code name} from {@code parent} (null: /proc). */
    public static void remove_proc_entry(String name, ProcDirEntry parent) {
        Kernel.current().procfs().remove(name, pde(parent));
    }

    /** PDE_DATA(inode): the data given to proc_create_data. */
    public static Object PDE_DATA(Inode inode) {
        return inode.i_private;
    }
}
