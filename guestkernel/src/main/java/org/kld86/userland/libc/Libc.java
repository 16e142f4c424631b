package org.kld86.userland.libc;

import static org.kld86.userland.libc.SyscallNumbers.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.kld.rt.UserCpu;

/**
 * The C library of one process: the system call wrappers, argv and the environment, and a heap in the
 * process's own memory. Every byte that crosses into the kernel is first put in the process's memory, because
 * the kernel reads user data only from there (copyin); results come back the same way.
 *
 * <p>One {@code Libc} per process, made by the program's main from its arguments:
 * <pre>
 * public static int main(int argc, long argv, long envp) {
 *     Libc c = new Libc(argc, argv, envp);
 *     c.write(1, "hello\n");
 *     return 0;
 * }
 * </pre>
 * Calls return a result, or a negated errno (-ENOENT) as the kernel's carry flag said; {@link #strerror} words it.
 * Java statics are shared by every process of the kernel, which is why this is an object and not a set of
 * static functions with a global errno.
 */
public final class Libc {

    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_ACCMODE = 0x0003;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;
    public static final int O_EXCL = 0x0800;
    public static final int O_DIRECTORY = 0x00020000;
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int AT_FDCWD = -100;

    private final String[] args;
    private final String[] env;
    /** The heap: [heapStart, brk) from obreak, handed out first-fit from a free list. */
    private long heapStart;
    private long brk;
    private final java.util.TreeMap<Long, Long> freeBlocks = new java.util.TreeMap<>();
    private final java.util.TreeMap<Long, Long> usedBlocks = new java.util.TreeMap<>();
    /** A scratch buffer in user memory for system call arguments. */
    private long scratch;
    private int scratchSize;
    /** The standard streams, made on first use (stdout's buffering depends on what fd 1 is). */
    private Stdio stdin;
    private Stdio stdout;
    private Stdio stderr;

    /** A program's body: its exit status from the C library set up for it. */
    @FunctionalInterface
    public interface Program {
        int run(Libc c);
    }

    /**
     * crt1's _start: sets up the C library from the arguments and environment on the stack, runs the program and
     * flushes its streams, as exit(3) would, before the status goes back to the kernel.
     */
    public static int start(int argc, long argv, long envp, Program program) {
        Libc c = new Libc(argc, argv, envp);
        int status = program.run(c);
        c.flushAll();
        return status;
    }

    /**
     * Opens a file operand for reading, {@code -} standing for standard input (fd 0), as the text tools treat
     * their operands. On failure the standard output written so far goes out first, then the warning
     * {@code prog: file: error}, and the result is -1 for the tool to note and go on to the next operand.
     */
    public int openOperand(String file) {
        return file.equals("-") ? 0 : openFileOperand(file);
    }

    /** As {@link #openOperand} for the tools that take {@code -} as a file name like any other. */
    public int openFileOperand(String file) {
        int fd = open(file, O_RDONLY, 0);
        if (fd < 0) {
            stdout().flush();
            warn(file, fd);
            return -1;
        }
        return fd;
    }

    /** Closes what {@link #openOperand} opened; standard input stays open. */
    public void closeOperand(int fd) {
        if (fd > 0) {
            close(fd);
        }
    }

    /**
     * Reads {@code fd} to its end, as tail and sh's script files need the whole of it. The bytes, or null with
     * the negated errno of the failed read in {@code err[0]}. The trap: a device that never ends (/dev/zero) is
     * read until memory runs out, so a tool with a count reads only that much itself.
     */
    public byte[] readAll(int fd, int[] err) {
        byte[] all = new byte[8192];
        int len = 0;
        for (;;) {
            if (len == all.length) {
                all = java.util.Arrays.copyOf(all, all.length * 2);
            }
            int n = read(fd, all, len, all.length - len);
            if (n < 0) {
                err[0] = n;
                return null;
            }
            if (n == 0) {
                return java.util.Arrays.copyOf(all, len);
            }
            len += n;
        }
    }

    /** crt1: reads argv and envp from the process's stack as the kernel laid them out. */
    public Libc(int argc, long argv, long envp) {
        this.args = readVector(argv, argc);
        List<String> e = new ArrayList<>();
        for (int i = 0; ; i++) {
            long p = Integer.toUnsignedLong(UserCpu.read32(envp + 4L * i));
            if (p == 0) {
                break;
            }
            e.add(readString(p));
        }
        this.env = e.toArray(new String[0]);
    }

    private static String[] readVector(long vector, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = readString(Integer.toUnsignedLong(UserCpu.read32(vector + 4L * i)));
        }
        return out;
    }

    /** The C string at a user address. */
    public static String readString(long va) {
        StringBuilder sb = new StringBuilder();
        for (long p = va; ; p++) {
            int b = UserCpu.read8(p);
            if (b == 0) {
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    public String[] args() {
        return args.clone();
    }

    public String[] environ() {
        return env.clone();
    }

    /** getenv(3). */
    public String getenv(String name) {
        for (String e : env) {
            if (e.startsWith(name + "=")) {
                return e.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The program's name for messages (basename of argv[0]). */
    public String progname() {
        String a = args.length > 0 ? args[0] : "?";
        return a.substring(a.lastIndexOf('/') + 1);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Memory: malloc(3) over obreak(2)

    /** malloc(3) in the process's memory: the address of {@code size} bytes, 8-aligned; 0 if the heap cannot grow. */
    public long malloc(long size) {
        long need = Math.max(8, (size + 7) & ~7L);
        for (java.util.Map.Entry<Long, Long> f : freeBlocks.entrySet()) {
            if (f.getValue() >= need) {
                long at = f.getKey();
                long rest = f.getValue() - need;
                freeBlocks.remove(at);
                if (rest > 0) {
                    freeBlocks.put(at + need, rest);
                }
                usedBlocks.put(at, need);
                return at;
            }
        }
        if (brk == 0) {
            heapStart = UserCpu.syscall(SYS_obreak, 0);
            brk = heapStart;
        }
        long grow = Math.max(need, 64 * 1024);
        long r = UserCpu.syscall(SYS_obreak, (int) (brk + grow));
        if (r < 0) {
            return 0;
        }
        long at = brk;
        brk += grow;
        if (grow > need) {
            freeBlocks.put(at + need, grow - need);
        }
        usedBlocks.put(at, need);
        return at;
    }

    /** free(3). */
    public void free(long p) {
        Long size = usedBlocks.remove(p);
        if (size == null) {
            return;
        }
        long start = p;
        long len = size;
        java.util.Map.Entry<Long, Long> before = freeBlocks.floorEntry(p);
        if (before != null && before.getKey() + before.getValue() == p) {
            start = before.getKey();
            len += before.getValue();
            freeBlocks.remove(start);
        }
        Long after = freeBlocks.remove(p + size);
        if (after != null) {
            len += after;
        }
        freeBlocks.put(start, len);
    }

    /** A scratch area of at least {@code size} bytes in user memory, reused between calls. */
    public long scratch(int size) {
        if (scratchSize < size) {
            if (scratch != 0) {
                free(scratch);
            }
            scratchSize = Math.max(size, 4096);
            scratch = malloc(scratchSize);
        }
        return scratch;
    }

    /** A NUL-terminated copy of {@code s} in user memory (free it with {@link #free}). */
    public long cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        long p = malloc(b.length + 1);
        UserCpu.write(p, b, 0, b.length);
        UserCpu.write8(p + b.length, 0);
        return p;
    }

    /** A NULL-terminated vector of C strings (argv) in user memory; free with {@link #freeVector}. */
    public long cvector(String[] strings) {
        long v = malloc(4L * (strings.length + 1));
        for (int i = 0; i < strings.length; i++) {
            UserCpu.write32(v + 4L * i, (int) cstring(strings[i]));
        }
        UserCpu.write32(v + 4L * strings.length, 0);
        return v;
    }

    public void freeVector(long v) {
        for (int i = 0; ; i++) {
            long p = Integer.toUnsignedLong(UserCpu.read32(v + 4L * i));
            if (p == 0) {
                break;
            }
            free(p);
        }
        free(v);
    }

    private static int ok(long r) {
        return (int) r;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Files

    /** open(2). */
    public int open(String path, int flags, int mode) {
        long p = cstring(path);
        try {
            return ok(UserCpu.syscall(SYS_open, (int) p, flags, mode));
        } finally {
            free(p);
        }
    }

    public int close(int fd) {
        return ok(UserCpu.syscall(SYS_close, fd));
    }

    /** read(2) into {@code b[off..off+len)}: the count read, 0 at end of file, or -errno. */
    public int read(int fd, byte[] b, int off, int len) {
        long buf = scratch(len);
        int n = ok(UserCpu.syscall(SYS_read, fd, (int) buf, len));
        if (n > 0) {
            UserCpu.read(buf, b, off, n);
        }
        return n;
    }

    /** read(2) into a user address. */
    public int read(int fd, long buf, int len) {
        return ok(UserCpu.syscall(SYS_read, fd, (int) buf, len));
    }

    /** write(2) of {@code b[off..off+len)}. */
    public int write(int fd, byte[] b, int off, int len) {
        long buf = scratch(len);
        UserCpu.write(buf, b, off, len);
        return ok(UserCpu.syscall(SYS_write, fd, (int) buf, len));
    }

    /** write(2) from a user address. */
    public int write(int fd, long buf, int len) {
        return ok(UserCpu.syscall(SYS_write, fd, (int) buf, len));
    }

    /** write(2) of a string's bytes (ISO-8859-1). */
    public int write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return write(fd, b, 0, b.length);
    }

    /** lseek(2) (off_t is 64 bits: two words). */
    public long lseek(int fd, long offset, int whence) {
        return UserCpu.syscall(SYS_lseek, fd, (int) offset, (int) (offset >>> 32), whence);
    }

    public int dup(int fd) {
        return ok(UserCpu.syscall(SYS_dup, fd));
    }

    public int dup2(int from, int to) {
        return ok(UserCpu.syscall(SYS_dup2, from, to));
    }

    /** pipe2(2): fills {@code fds} with the read and write ends. */
    public int pipe(int[] fds, int flags) {
        long p = scratch(8);
        int r = ok(UserCpu.syscall(SYS_pipe2, (int) p, flags));
        if (r == 0) {
            fds[0] = UserCpu.read32(p);
            fds[1] = UserCpu.read32(p + 4);
        }
        return r;
    }

    /** ioctl(2) with an argument buffer in user memory at {@code arg} (0 for none). */
    public int ioctl(int fd, long cmd, long arg) {
        return ok(UserCpu.syscall(SYS_ioctl, fd, (int) cmd, (int) arg));
    }

    /** fstat(2). */
    public int fstat(int fd, Stat st) {
        long p = scratch(Structs.STAT_SIZE);
        int r = ok(UserCpu.syscall(SYS_fstat, fd, (int) p));
        if (r == 0) {
            st.read(p);
        }
        return r;
    }

    /** stat(2), as fstatat(AT_FDCWD, path, sb, 0). */
    public int stat(String path, Stat st) {
        long name = cstring(path);
        long p = scratch(Structs.STAT_SIZE);
        try {
            int r = ok(UserCpu.syscall(SYS_fstatat, AT_FDCWD, (int) name, (int) p, 0));
            if (r == 0) {
                st.read(p);
            }
            return r;
        } finally {
            free(name);
        }
    }

    /** getdents(2) until the end: the directory's entries. Negative errno in {@code err[0]} on failure. */
    public List<Dirent> readdir(int fd, int[] err) {
        List<Dirent> out = new ArrayList<>();
        long buf = scratch(8192);
        for (;;) {
            int n = ok(UserCpu.syscall(SYS_getdents, fd, (int) buf, 8192));
            if (n < 0) {
                err[0] = n;
                return out;
            }
            if (n == 0) {
                return out;
            }
            for (int off = 0; off < n; ) {
                Dirent d = Dirent.read(buf + off);
                out.add(d);
                off += d.reclen();
            }
        }
    }

    private int pathCall(int sys, String path, int... more) {
        long p = cstring(path);
        try {
            int[] a = new int[more.length + 1];
            a[0] = (int) p;
            System.arraycopy(more, 0, a, 1, more.length);
            return ok(UserCpu.syscall(sys, a));
        } finally {
            free(p);
        }
    }

    public int mkdir(String path, int mode) {
        return pathCall(SYS_mkdir, path, mode);
    }

    /** umask(2): sets the file creation mask, returns the previous one. */
    public int umask(int mask) {
        return (int) UserCpu.syscall(SYS_umask, mask);
    }

    public int rmdir(String path) {
        return pathCall(SYS_rmdir, path);
    }

    public int unlink(String path) {
        return pathCall(SYS_unlink, path);
    }

    /** chmod(2). */
    public int chmod(String path, int mode) {
        return pathCall(SYS_chmod, path, mode);
    }

    /** chown(2): -1 leaves the owner or the group as it is. */
    public int chown(String path, int uid, int gid) {
        return pathCall(SYS_chown, path, uid, gid);
    }

    /** rename(2). */
    public int rename(String from, String to) {
        long f = cstring(from);
        long t = cstring(to);
        try {
            return ok(UserCpu.syscall(SYS_rename, (int) f, (int) t));
        } finally {
            free(t);
            free(f);
        }
    }

    /** sys/stat.h: a tv_nsec of "now" and of "leave this time alone". */
    public static final int UTIME_NOW = -1;
    public static final int UTIME_OMIT = -2;

    /**
     * utimensat(2) relative to the current directory: the access and modification times of {@code path} as
     * {atime seconds, atime nanoseconds, mtime seconds, mtime nanoseconds} (seconds since boot, as stat gives
     * them; nanoseconds may be UTIME_NOW or UTIME_OMIT), or both now when {@code times} is null.
     */
    public int utimensat(String path, long[] times, int flag) {
        long p = cstring(path);
        long ts = 0;
        try {
            if (times != null) {
                ts = malloc(Structs.TIMESPEC_SIZE * 2L);
                for (int i = 0; i < 2; i++) {
                    UserCpu.write32(ts + Structs.TIMESPEC_SIZE * i, (int) times[2 * i]);
                    UserCpu.write32(ts + Structs.TIMESPEC_SIZE * i + 4, (int) times[2 * i + 1]);
                }
            }
            return ok(UserCpu.syscall(SYS_utimensat, AT_FDCWD, (int) p, (int) ts, flag));
        } finally {
            if (ts != 0) {
                free(ts);
            }
            free(p);
        }
    }

    public int chdir(String path) {
        return pathCall(SYS_chdir, path);
    }

    /** getcwd(3): the current directory, or null (errno negated in {@code err[0]}). */
    public String getcwd() {
        long p = scratch(Structs.MAXPATHLEN);
        int r = ok(UserCpu.syscall(SYS_getcwd, (int) p, Structs.MAXPATHLEN));
        return r < 0 ? null : readString(p);
    }

    /** mmap(2) (offset in pages is not used: the byte offset's low word only). */
    public long mmap(long addr, long len, int prot, int flags, int fd, long offset) {
        return UserCpu.syscall(SYS_mmap, (int) addr, (int) len, prot, flags, fd, (int) offset, (int) (offset >>> 32));
    }

    public int munmap(long addr, long len) {
        return ok(UserCpu.syscall(SYS_munmap, (int) addr, (int) len));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Processes

    /** A change a spawned process's descriptors start with (posix_spawn_file_actions). */
    public record FileAction(int op, int fd, int newfd, String path, int oflag, int mode) {
        public static FileAction close(int fd) {
            return new FileAction(Structs.FA_CLOSE, fd, 0, null, 0, 0);
        }

        public static FileAction dup2(int fd, int newfd) {
            return new FileAction(Structs.FA_DUP2, fd, newfd, null, 0, 0);
        }

        public static FileAction open(int fd, String path, int oflag, int mode) {
            return new FileAction(Structs.FA_OPEN, fd, 0, path, oflag, mode);
        }
    }

    /**
     * spawn (fork + execve): starts {@code path} with {@code argv} and {@code envp}, the descriptors of this process
     * changed by {@code actions} in order. Returns the child's pid or -errno.
     */
    public int spawn(String path, String[] argv, String[] envp, List<FileAction> actions) {
        long p = cstring(path);
        long av = cvector(argv);
        long ev = cvector(envp);
        long fa = malloc((long) Structs.FILE_ACTION_SIZE * Math.max(1, actions.size()));
        List<Long> paths = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            FileAction a = actions.get(i);
            long at = fa + (long) Structs.FILE_ACTION_SIZE * i;
            long ap = a.path() == null ? 0 : cstring(a.path());
            if (ap != 0) {
                paths.add(ap);
            }
            UserCpu.write32(at, a.op());
            UserCpu.write32(at + 4, a.fd());
            UserCpu.write32(at + 8, a.newfd());
            UserCpu.write32(at + 12, (int) ap);
            UserCpu.write32(at + 16, a.oflag());
            UserCpu.write32(at + 20, a.mode());
        }
        try {
            return ok(UserCpu.syscall(SYS_spawn, (int) p, (int) av, (int) ev, (int) fa, actions.size()));
        } finally {
            free(p);
            freeVector(av);
            freeVector(ev);
            for (long x : paths) {
                free(x);
            }
            free(fa);
        }
    }

    /** sys/wait.h: wait4's option to return at once when no child has changed state. */
    public static final int WNOHANG = 1;

    /** wait4(2): the pid reaped (status in {@code status[0]}), 0 with WNOHANG and none ready, or -errno. */
    public int wait4(int pid, int[] status, int options) {
        long p = scratch(4);
        int r = ok(UserCpu.syscall(SYS_wait4, pid, (int) p, options, 0));
        if (r > 0 && status != null) {
            status[0] = UserCpu.read32(p);
        }
        return r;
    }

    /** WIFEXITED / WEXITSTATUS / WIFSIGNALED / WTERMSIG of a wait status. */
    public static boolean exited(int status) {
        return (status & 0x7F) == 0;
    }

    public static int exitStatus(int status) {
        return (status >> 8) & 0xFF;
    }

    public static int termSig(int status) {
        return status & 0x7F;
    }

    /** exit(3): flushes the standard streams, then _exit(2). Never returns. */
    public void exit(int code) {
        flushAll();
        _exit(code);
    }

    /** _exit(2): ends the process at once, buffered output and all. Never returns. */
    public void _exit(int code) {
        UserCpu.syscall(SYS_exit, code);
        throw new IllegalStateException("exit returned");
    }

    public int getpid() {
        return ok(UserCpu.syscall(SYS_getpid));
    }

    public int getppid() {
        return ok(UserCpu.syscall(SYS_getppid));
    }

    public int getuid() {
        return ok(UserCpu.syscall(SYS_getuid));
    }

    public int getgid() {
        return ok(UserCpu.syscall(SYS_getgid));
    }

    /** setuid(2). */
    public int setuid(int uid) {
        return ok(UserCpu.syscall(SYS_setuid, uid));
    }

    /** setgid(2). */
    public int setgid(int gid) {
        return ok(UserCpu.syscall(SYS_setgid, gid));
    }

    public int kill(int pid, int sig) {
        return ok(UserCpu.syscall(SYS_kill, pid, sig));
    }

    /**
     * nanosleep(2) for {@code sec} seconds and {@code nsec} nanoseconds of the virtual clock: 0, or -errno; after
     * -EINTR {@code rem} (if not null) holds the seconds and nanoseconds that were left.
     */
    public int nanosleep(long sec, long nsec, long[] rem) {
        long p = scratch(16);
        UserCpu.write32(p, (int) sec);
        UserCpu.write32(p + 4, (int) nsec);
        int r = ok(UserCpu.syscall(SYS_nanosleep, (int) p, (int) (p + 8)));
        if (r == -org.kld86.libkern.Errnos.EINTR && rem != null) {
            rem[0] = UserCpu.read32(p + 8);
            rem[1] = UserCpu.read32(p + 12);
        }
        return r;
    }

    /** reboot(2): RB_HALT (0x8) halts the machine. */
    public int reboot(int howto) {
        return ok(UserCpu.syscall(SYS_reboot, howto));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Kernel linker

    /** kldload(2) with no module parameters (the second argument NULL: the kernel reads two words). */
    public int kldload(String file) {
        return pathCall(SYS_kldload, file, 0);
    }

    /**
     * kldload(2) with Linux-style module parameters: {@code params} is "name=value" words separated by spaces
     * (null or empty for none), the second argument this kernel's kldload takes, as insmod passes them.
     */
    public int kldload(String file, String params) {
        if (params == null || params.isEmpty()) {
            return kldload(file);
        }
        long f = cstring(file);
        long p = cstring(params);
        try {
            return ok(UserCpu.syscall(SYS_kldload, (int) f, (int) p));
        } finally {
            free(f);
            free(p);
        }
    }

    /** kldunloadf(2): flags 0 or LINKER_UNLOAD_FORCE (1). */
    public int kldunloadf(int fileid, int flags) {
        return ok(UserCpu.syscall(SYS_kldunloadf, fileid, flags));
    }

    public int kldfind(String file) {
        return pathCall(SYS_kldfind, file);
    }

    /** kldnext(2): the next file id after {@code fileid} (0 for the first), 0 at the end, or -errno. */
    public int kldnext(int fileid) {
        return ok(UserCpu.syscall(SYS_kldnext, fileid));
    }

    /** kldstat(2), or null (errno negated in {@code err[0]}). */
    public KldFileStat kldstat(int fileid, int[] err) {
        long p = scratch(Structs.KLD_FILE_STAT_SIZE);
        UserCpu.write32(p, Structs.KLD_FILE_STAT_SIZE);
        int r = ok(UserCpu.syscall(SYS_kldstat, fileid, (int) p));
        if (r < 0) {
            err[0] = r;
            return null;
        }
        return KldFileStat.read(p);
    }

    public int kldfirstmod(int fileid) {
        return ok(UserCpu.syscall(SYS_kldfirstmod, fileid));
    }

    public int modnext(int modid) {
        return ok(UserCpu.syscall(SYS_modnext, modid));
    }

    public int modfnext(int modid) {
        return ok(UserCpu.syscall(SYS_modfnext, modid));
    }

    public int modfind(String name) {
        return pathCall(SYS_modfind, name);
    }

    /** modstat(2), or null (errno negated in {@code err[0]}). */
    public ModStat modstat(int modid, int[] err) {
        long p = scratch(Structs.MODULE_STAT_SIZE);
        UserCpu.write32(p, Structs.MODULE_STAT_SIZE);
        int r = ok(UserCpu.syscall(SYS_modfstat, modid, (int) p));
        if (r < 0) {
            err[0] = r;
            return null;
        }
        return ModStat.read(p);
    }

    // -------------------------------------------------------------------------------------------------------------
    // sysctl and kenv

    /** The kinds sysctlinfo reports. */
    public static final int CTLTYPE_NUMBER = 1;
    public static final int CTLTYPE_STRING = 2;
    public static final int CTLTYPE_OPAQUE = 3;
    /** sysctlinfo's bits: the kind, and the flags above it (the node can be set; it is a tunable). */
    public static final int CTLINFO_KIND = 0xff;
    public static final int CTLINFO_WR = 0x100;
    public static final int CTLINFO_TUN = 0x200;

    /** __sysctlbyname(2) read: the node's raw value, or null (errno negated in {@code err[0]}). */
    public byte[] sysctl(String name, int[] err) {
        long n = cstring(name);
        long lenp = scratch(4);
        try {
            UserCpu.write32(lenp, 0);
            int r = ok(UserCpu.syscall(SYS___sysctlbyname, (int) n, name.length(), 0, (int) lenp, 0, 0));
            if (r < 0) {
                err[0] = r;
                return null;
            }
            int len = UserCpu.read32(lenp);
            long buf = malloc(Math.max(len, 1));
            try {
                UserCpu.write32(lenp, len);
                r = ok(UserCpu.syscall(SYS___sysctlbyname, (int) n, name.length(), (int) buf, (int) lenp, 0, 0));
                if (r < 0) {
                    err[0] = r;
                    return null;
                }
                byte[] out = new byte[UserCpu.read32(lenp)];
                UserCpu.read(buf, out, 0, out.length);
                return out;
            } finally {
                free(buf);
            }
        } finally {
            free(n);
        }
    }

    /** __sysctlbyname(2) write of a new value (the raw bytes). */
    public int sysctlSet(String name, byte[] value) {
        long n = cstring(name);
        long v = malloc(Math.max(value.length, 1));
        try {
            UserCpu.write(v, value, 0, value.length);
            return ok(UserCpu.syscall(SYS___sysctlbyname, (int) n, name.length(), 0, 0, (int) v, value.length));
        } finally {
            free(n);
            free(v);
        }
    }

    /**
     * sysctlinfo: with {@code next} false the kind of {@code name} ({@link #CTLTYPE_NUMBER}...); with {@code next}
     * true the name of the node after it ("" for the first) in {@code nextName[0]}. Returns the kind with the
     * {@link #CTLINFO_WR} and {@link #CTLINFO_TUN} flags (the kind alone is {@code & CTLINFO_KIND}), or -errno
     * (ENOENT past the last).
     */
    public int sysctlinfo(String name, boolean next, String[] nextName) {
        long n = cstring(name);
        long buf = scratch(Structs.MAXPATHLEN);
        try {
            int r = ok(UserCpu.syscall(SYS_sysctlinfo, (int) n, (int) buf, Structs.MAXPATHLEN, next ? 1 : 0));
            if (r > 0 && next && nextName != null) {
                nextName[0] = readString(buf);
            }
            return r;
        } finally {
            free(n);
        }
    }

    /** kenv(2) actions. */
    public static final int KENV_GET = 0;
    public static final int KENV_SET = 1;
    public static final int KENV_UNSET = 2;
    public static final int KENV_DUMP = 3;

    /** kenv(KENV_GET): the value or null. */
    public String kenvGet(String name) {
        long n = cstring(name);
        long v = scratch(128);
        try {
            int r = ok(UserCpu.syscall(SYS_kenv, KENV_GET, (int) n, (int) v, 128));
            return r < 0 ? null : readString(v);
        } finally {
            free(n);
        }
    }

    /** kenv(KENV_SET). */
    public int kenvSet(String name, String value) {
        long n = cstring(name);
        long v = cstring(value);
        try {
            return ok(UserCpu.syscall(SYS_kenv, KENV_SET, (int) n, (int) v, value.length() + 1));
        } finally {
            free(n);
            free(v);
        }
    }

    /** kenv(KENV_UNSET). */
    public int kenvUnset(String name) {
        long n = cstring(name);
        try {
            return ok(UserCpu.syscall(SYS_kenv, KENV_UNSET, (int) n, 0, 0));
        } finally {
            free(n);
        }
    }

    /** kenv(KENV_DUMP): every "name=value". */
    public List<String> kenvDump() {
        long buf = scratch(64 * 1024);
        int r = ok(UserCpu.syscall(SYS_kenv, KENV_DUMP, 0, (int) buf, 64 * 1024));
        List<String> out = new ArrayList<>();
        if (r <= 0) {
            return out;
        }
        long p = buf;
        while (p < buf + r) {
            String s = readString(p);
            if (s.isEmpty()) {
                break;
            }
            out.add(s);
            p += s.length() + 1;
        }
        return out;
    }

    /** A number node's value (sysctlbyname into a 4- or 8-byte buffer), or null (errno negated in {@code err[0]}). */
    public Long sysctlLong(String name, int[] err) {
        byte[] b = sysctl(name, err);
        if (b == null) {
            return null;
        }
        long v = 0;
        for (int i = Math.min(b.length, 8) - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return b.length == 4 ? (long) (int) v : v;
    }

    /** A string node's value without its NUL, or null (errno negated in {@code err[0]}). */
    public String sysctlString(String name, int[] err) {
        byte[] b = sysctl(name, err);
        if (b == null) {
            return null;
        }
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * The virtual time since boot in nanoseconds (sysctl kern.nanouptime), which advances only as guest code runs,
     * so that timings such as dd's are the same on every run; 0 if the kernel does not have it.
     */
    public long nanouptime() {
        Long v = sysctlLong("kern.nanouptime", new int[1]);
        return v == null ? 0 : v;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Terminals and standard streams

    /** TIOCGETA: _IOR('t', 19, struct termios), 44 bytes on i386. */
    public static final long TIOCGETA = 0x402C7413L;

    /**
     * isatty(3): whether {@code fd} is a terminal, that is whether tcgetattr(3) (TIOCGETA) succeeds on it. A
     * character device that is no tty (/dev/null, a driver's node) is not a terminal.
     */
    public boolean isatty(int fd) {
        long buf = malloc(64);
        try {
            return ioctl(fd, TIOCGETA, buf) == 0;
        } finally {
            free(buf);
        }
    }

    /** stdin: read a block at a time. */
    public Stdio stdin() {
        if (stdin == null) {
            stdin = new Stdio(this, 0, Stdio.Mode.FULL);
        }
        return stdin;
    }

    /** stdout: line-buffered on a terminal, fully buffered otherwise. */
    public Stdio stdout() {
        if (stdout == null) {
            stdout = new Stdio(this, 1, isatty(1) ? Stdio.Mode.LINE : Stdio.Mode.FULL);
        }
        return stdout;
    }

    /** stderr: unbuffered. */
    public Stdio stderr() {
        if (stderr == null) {
            stderr = new Stdio(this, 2, Stdio.Mode.UNBUFFERED);
        }
        return stderr;
    }

    /** fdopen(3) for reading or writing: a stream on {@code fd} (stdin's for fd 0), fully buffered. */
    public Stdio stream(int fd) {
        if (fd == 0) {
            return stdin();
        }
        return new Stdio(this, fd, Stdio.Mode.FULL);
    }

    /** printf(3) on stdout. */
    public void printf(String fmt, Object... args) {
        stdout().printf(fmt, args);
    }

    /** fputs(3) on stdout. */
    public void puts(String s) {
        stdout().puts(s);
    }

    /** fflush(NULL): writes out whatever the standard output streams hold. */
    public void flushAll() {
        if (stdout != null) {
            stdout.flush();
        }
        if (stderr != null) {
            stderr.flush();
        }
    }

    /** C's printf formatting to a string (snprintf without the size). */
    public static String format(String fmt, Object... args) {
        return org.kld86.libkern.CFormat.format(org.kld86.libkern.CFormat.Dialect.FREEBSD, Libc::readString, fmt,
                args);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Messages

    /** strerror(3). */
    public static String strerror(int errno) {
        return Strerror.of(Math.abs(errno));
    }

    /** warn(3): "progname: message: strerror(errno)" on stderr. */
    public void warn(String message, int errno) {
        stderr().puts(progname() + ": " + message + ": " + strerror(errno) + "\n");
    }

    /** warnx(3): "progname: message" on stderr. */
    public void warnx(String message) {
        stderr().puts(progname() + ": " + message + "\n");
    }

    /** err(3): warn, then exit with {@code eval}. Never returns. */
    public void err(int eval, String message, int errno) {
        warn(message, errno);
        exit(eval);
    }

    /** errx(3): warnx, then exit with {@code eval}. Never returns. */
    public void errx(int eval, String message) {
        warnx(message);
        exit(eval);
    }
}
