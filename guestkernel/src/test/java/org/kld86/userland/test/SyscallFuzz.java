package org.kld86.userland.test;

import java.util.TreeMap;
import java.util.TreeSet;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A test program that makes {@code argv[2]} raw system calls with numbers and argument words drawn from a
 * generator seeded with {@code argv[1]} (xorshift64*, so a seed always gives the same run). Numbers come from every
 * call the kernel has and from the whole range around them; each argument word is a small integer, a descriptor,
 * a size, a random word, a pointer into the program's own heap (where it keeps path, module, sysctl and kenv names,
 * an argv vector and random bytes), or a bad pointer: NULL, unmapped, read-only text, the top of the user stack, the
 * kernel's half.
 *
 * <p>It steers clear only of what would end or hang it by design rather than by a kernel fault: exit(2),
 * reboot(2) with RB_HALT, kill(2) of itself, nanosleep(2) of more than a microsecond, lowering its own break,
 * closing or replacing descriptors 0-2 and pipe read ends (a write to a pipe with no reader is SIGPIPE), and
 * blocking reads (every pipe is made O_NONBLOCK and FIONBIO is never sent). Everything else may fail, and a signal that ends it (SIGSYS, SIGSEGV) is a fair ending
 * too: the test counts the calls the kernel saw. At the end it prints how often each result came back.
 */
public final class SyscallFuzz {

    private SyscallFuzz() {
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

    /** Every call in the kernel's table. */
    private static final int[] CALLS = {3, 4, 5, 6, 7, 10, 12, 15, 16, 17, 20, 23, 24, 37, 39, 41, 47, 54, 55, 60, 73, 90, 95,
        123, 124, 128, 136, 137, 181, 240, 254, 272, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 326, 390, 444, 477, 478, 490, 491, 542, 547,
        551, 552, 570, 600, 602};

    private static final String[] STRINGS = {"/tmp/f0", "/tmp/d0", "/tmp/d0/f1", "/dev/null", "/dev/zero",
        "/proc/meminfo", "/proc", "/bin/true", "/bin/cat", "echo", "nosuch.ko", "/tmp/f0", "kern.ostype",
        "vm.stats.sys.v_syscall", "kern.malloc_count", "debug.kld.watchdog_ms", "hw.physmem", "fuzz.key", "", "/",
        "..", "kern.proc.all"};

    private static final int FIONBIO = 0x8004667e;
    private static final int O_NONBLOCK = 0x0004;
    private static final int RB_HALT = 0x8;

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        state = Long.parseLong(a[1]) * 0x9E3779B97F4A7C15L + 1;
        int ops = Integer.parseInt(a[2]);
        boolean trace = a.length > 3 && a[3].equals("trace");
        int self = c.getpid();
        // The heap: the strings, an argv vector of three of them, and a page of random bytes.
        long[] strings = new long[STRINGS.length];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = c.cstring(STRINGS[i]);
        }
        long vector = c.malloc(16);
        UserCpu.write32(vector, (int) strings[7]);
        UserCpu.write32(vector + 4, (int) strings[0]);
        UserCpu.write32(vector + 8, 0);
        // Two timespecs for nanosleep: a microsecond, and one with tv_nsec out of range.
        long naps = c.malloc(16);
        UserCpu.write32(naps, 0);
        UserCpu.write32(naps + 4, 1000);
        UserCpu.write32(naps + 8, 0);
        UserCpu.write32(naps + 12, 1_000_000_000);
        long junk = c.malloc(8192);
        for (int i = 0; i < 8192; i += 4) {
            UserCpu.write32(junk + i, (int) next());
        }
        // A file for kldload to choke on: random bytes, then the start of a jar that goes nowhere.
        int f = c.open("/tmp/f0", Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0644);
        c.write(f, junk, 3000);
        c.close(f);
        long[] badPointers = {0, 0x1000, 0x08048000L, 0xBFFFFFFCL, 0xBFFFFFFFL, 0xC0000000L, 0xC0100000L,
            0xFFFFF000L, 0xFFFFFFFFL};
        TreeSet<Integer> pipeReaders = new TreeSet<>();
        TreeMap<String, Integer> results = new TreeMap<>();
        for (int n = 0; n < ops; n++) {
            int number = below(4) == 0 ? below(720) - 10 : CALLS[below(CALLS.length)];
            int[] args = new int[7];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (below(10)) {
                    case 0 -> below(8) - 1;
                    case 1, 2 -> 3 + below(16);
                    case 3 -> below(5) == 0 ? 0x7FFFFFFF : below(5) == 0 ? below(70000) : below(300);
                    case 4 -> (int) next();
                    case 5, 6 -> (int) strings[below(strings.length)];
                    case 7 -> below(2) == 0 ? (int) vector : (int) (junk + below(8192));
                    default -> (int) badPointers[below(badPointers.length)];
                };
            }
            // What would end or hang the program by design rather than by a fault.
            switch (number) {
                case 1 -> number = 20; // exit
                case 23, 181 -> {
                    if (n < ops * 9 / 10) {
                        args[0] = 0; // stay root for most of the run, so the privileged paths are reached
                    }
                }
                case 55 -> args[0] &= ~RB_HALT;
                case 37 -> {
                    if (args[0] == self || args[0] <= 1) {
                        args[1] = 0;
                    }
                }
                case 17 -> args[0] = below(2) == 0 ? 0xC0000000 : 0xFFFFFFFF; // obreak: only past the user half
                case 6 -> {
                    if (args[0] < 3 || pipeReaders.contains(args[0])) {
                        args[0] = 200;
                    }
                }
                case 90 -> {
                    if (args[1] < 3 || pipeReaders.contains(args[1])) {
                        args[1] = 200;
                    }
                }
                case 54 -> {
                    if (args[1] == FIONBIO) {
                        args[1] = 0;
                    }
                }
                case 542 -> args[1] |= O_NONBLOCK;
                case 240 -> {
                    // nanosleep: a short one, a bad one or a bad pointer, never hours of virtual time from the heap
                    int pick = below(3);
                    args[0] = pick == 0 ? (int) naps : pick == 1 ? (int) (naps + 8)
                            : (int) badPointers[below(badPointers.length)];
                }
                default -> {
                }
            }
            if (trace) {
                c.write(2, "call " + n + ": " + number + java.util.Arrays.toString(args) + "\n");
            }
            long r;
            if (number == 542 && below(2) == 0) {
                int[] fds = new int[2];
                r = c.pipe(fds, args[1]);
                if (r == 0) {
                    pipeReaders.add(fds[0]);
                }
            } else if (number == 600 && below(4) == 0) {
                String path = new String[] {"/bin/true", "/bin/cat", "/tmp/f0", "/nosuch"}[below(4)];
                r = c.spawn(path, new String[] {path}, new String[0], java.util.List.of());
            } else {
                r = UserCpu.syscall(number, args);
            }
            String key = (isKnown(number) ? Integer.toString(number) : "other")
                    + (r < 0 && r >= -4095 ? " " + r : " ok");
            results.merge(key, 1, Integer::sum);
        }
        for (int fd = 3; fd < 256; fd++) {
            c.close(fd);
        }
        c.chdir("/");
        StringBuilder sb = new StringBuilder();
        for (var e : results.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        c.write(1, sb.toString());
        c.write(1, "fuzz done\n");
        return 0;
    }

    private static boolean isKnown(int number) {
        for (int k : CALLS) {
            if (k == number) {
                return true;
            }
        }
        return false;
    }
}
