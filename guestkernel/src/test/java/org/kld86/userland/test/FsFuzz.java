package org.kld86.userland.test;

import java.util.TreeMap;
import java.util.TreeSet;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A test program that makes {@code argv[2]} file system calls with arguments drawn from a generator seeded with
 * {@code argv[1]} (xorshift64*, so a seed always gives the same run): open, close, read, write, lseek, fstat,
 * stat, fstatat, mkdir, rmdir, unlink, rename, chdir, getcwd, getdents, pipe2, dup, dup2 and ioctl, on a pool of good
 * and bad paths (missing, through a file, too long, "." and ".."), good and bad descriptors, and good, bad and
 * kernel pointers. It keeps clear of what would stop it: descriptors 0-2 and pipe read ends are never closed
 * (a pipe with no reader would kill it with SIGPIPE), and pipes are non-blocking and never asked FIONBIO. At the
 * end it closes everything, removes what it made, and prints how often each result came back. Renames stay among
 * absolute paths under /tmp (and into /dev and /proc, which is EXDEV), so that the programs in /bin and the
 * directories the test expects stay where they are.
 */
public final class FsFuzz {

    private FsFuzz() {
    }

    private static long state;

    private static long next() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return state * 0x2545F4914F6CDD1DL;
    }

    private static int below(int n) {
        return (int) Long.remainderUnsigned(next(), n);
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        state = Long.parseLong(a[1]) * 0x9E3779B97F4A7C15L + 1;
        int ops = Integer.parseInt(a[2]);
        StringBuilder longName = new StringBuilder("/tmp/");
        for (int i = 0; i < 300; i++) {
            longName.append('n');
        }
        StringBuilder longPath = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            longPath.append("/tmp/../tmp");
        }
        String[] paths = {"/tmp/f0", "/tmp/f1", "/tmp/f2", "/tmp/d0", "/tmp/d0/f3", "/tmp/d0/d1", "/tmp/d0/d1/f4",
            "f0", "d0", "../tmp/f1", "./f2", "/tmp//d0///f3", "/", "/tmp", "/dev/null", "/dev/zero", "/dev/full",
            "/proc/meminfo", "/proc/buddyinfo", "/proc", "/dev", "/nonexistent/x", "/tmp/f0/x", "", ".", "..",
            "/tmp/.", "/tmp/d0/..", longName.toString(), longPath.toString(), "/bin", "/boot/modules", "/etc",
            "/tmp/f1/", "/dev/nosuch"};
        String[] renames = {"/tmp/f0", "/tmp/f1", "/tmp/f2", "/tmp/d0", "/tmp/d0/f3", "/tmp/d0/d1", "/tmp/d0/d1/f4",
            "/tmp//d0///f3", "/tmp/.", "/tmp/d0/..", "/tmp/f1/", "/tmp/d0/d1/d2", "/dev/f5", "/proc/f6", "/tmp/nonexistent/x"};
        int[] flagChoices = {Libc.O_RDONLY, Libc.O_WRONLY, Libc.O_RDWR, 3, Libc.O_RDWR | Libc.O_CREAT,
            Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, Libc.O_RDWR | Libc.O_APPEND, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR,
            Libc.O_RDONLY | Libc.O_DIRECTORY, Libc.O_WRONLY | Libc.O_TRUNC, Libc.O_RDONLY | Libc.O_NONBLOCK, 0x7FFFFFFC};
        long[] ioctls = {0x4004667fL, 0x8004667dL, 0x20004501L, 0xC0084501L, 0x40000000L, 0x1234L,
            0x7fff0000L, 0x20044501L};
        long heap = c.malloc(10000);
        long[] pointers = {heap, heap + 100, 0, 0xC0000000L, 0xBFFFFFF0L, 0x1000, 0x08048000L, 0xFFFFFFFFL};
        TreeSet<Integer> pipeReaders = new TreeSet<>();
        TreeMap<String, Integer> results = new TreeMap<>();
        for (int n = 0; n < ops; n++) {
            String path = paths[below(paths.length)];
            int fd = below(12) < 10 ? 3 + below(14) : below(300) - 20;
            long ptr = pointers[below(4) == 0 ? below(pointers.length) : below(2)];
            int size = below(5) == 0 ? below(9000) : below(300);
            long r;
            String op;
            switch (below(20)) {
                case 0, 1 -> {
                    op = "open";
                    r = c.open(path, flagChoices[below(flagChoices.length)], below(01000));
                }
                case 2 -> {
                    op = "close";
                    r = fd < 3 || pipeReaders.contains(fd) ? 0 : c.close(fd);
                }
                case 3, 4 -> {
                    op = "read";
                    r = fd < 3 ? 0 : c.read(fd, ptr, size);
                }
                case 5, 6 -> {
                    op = "write";
                    r = fd < 3 ? 0 : c.write(fd, ptr, size);
                }
                case 7 -> {
                    op = "lseek";
                    long off = below(3) == 0 ? -below(100) : below(2) == 0 ? below(70000) : 1L << (20 + below(20));
                    r = c.lseek(fd, off, below(4));
                }
                case 8 -> {
                    op = "fstat";
                    r = UserCpu.syscall(551, fd, (int) ptr);
                }
                case 9 -> {
                    op = "stat";
                    long p = c.cstring(path);
                    int dirfd = below(3) == 0 ? fd : Libc.AT_FDCWD;
                    r = UserCpu.syscall(552, dirfd, (int) p, (int) ptr, below(5) == 0 ? below(0x400) : 0);
                    c.free(p);
                }
                case 10 -> {
                    op = "mkdir";
                    r = c.mkdir(path, below(01000));
                }
                case 11 -> {
                    op = "rmdir";
                    r = c.rmdir(path);
                }
                case 12 -> {
                    op = "unlink";
                    r = c.unlink(path);
                }
                case 13 -> {
                    op = "chdir";
                    r = c.chdir(below(2) == 0 ? path : "/tmp");
                }
                case 14 -> {
                    op = "getcwd";
                    r = UserCpu.syscall(326, (int) ptr, below(3) == 0 ? below(10) : size);
                }
                case 15 -> {
                    op = "getdents";
                    r = UserCpu.syscall(272, fd, (int) ptr, size);
                }
                case 16 -> {
                    op = "pipe2";
                    int[] fds = new int[2];
                    r = c.pipe(fds, (below(8) == 0 ? below(0x200000) : 0) | Libc.O_NONBLOCK);
                    if (r == 0) {
                        pipeReaders.add(fds[0]);
                        if (below(2) == 0) {
                            c.close(fds[1]);
                        }
                    }
                }
                case 17 -> {
                    op = "dup";
                    if (below(2) == 0) {
                        r = c.dup(fd);
                    } else {
                        int to = 3 + below(20);
                        r = pipeReaders.contains(to) || fd < 0 ? 0 : c.dup2(fd, to);
                    }
                }
                case 18 -> {
                    op = "rename";
                    r = c.rename(renames[below(renames.length)], renames[below(renames.length)]);
                }
                default -> {
                    op = "ioctl";
                    r = c.ioctl(fd, ioctls[below(ioctls.length)], ptr);
                }
            }
            String key = op + (r < 0 ? " " + r : " ok");
            results.merge(key, 1, Integer::sum);
        }
        // Clean up: every descriptor, then what the run made.
        for (int fd = 3; fd < 256; fd++) {
            c.close(fd);
        }
        c.chdir("/");
        for (String p : new String[] {"/tmp/d0/d1/f4", "/tmp/d0/d1/d2/f4", "/tmp/d0/d1/d2/f3", "/tmp/d0/d1/d2",
            "/tmp/d0/f3", "/tmp/f0", "/tmp/f1", "/tmp/f2", "/tmp/d0/d1", "/tmp/d0"}) {
            c.unlink(p);
            c.rmdir(p);
        }
        StringBuilder sb = new StringBuilder();
        for (var e : results.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        c.write(1, sb.toString());
        c.write(1, "fuzz done\n");
        return 0;
    }
}
