package org.kld86.kernel.sysctl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.vm.VmSpace;

/**
 * {@code kern.proc.all}: every process, what ps(1) prints, as FreeBSD's node of that name hands out struct
 * kinfo_proc, in this kernel's smaller layout below. The stream has the statistics streams' 16-byte header
 * ({@link StatsSysctls}), then one record a process in pid order, little-endian:
 * <pre>
 *   0  u32 pid; u32 ppid (0 for none); u32 uid; u32 gid
 *  16  u8 stat: 'R' running or runnable, 'S' sleeping (a signal may end it), 'I' so for more than 20 seconds,
 *      'D' sleeping uninterruptibly, 'Z' zombie; u8 flags: 1 session leader (its parent is not on its terminal),
 *      2 has a controlling terminal; u16 reserved; u32 reserved
 *  24  u64 start (virtual nanoseconds since boot); u64 runtime (virtual nanoseconds on the CPU);
 *      u64 vsize (bytes of address space); u64 rss (resident pages)
 *  56  char tty[16] (the terminal's device name, "" for none); char wmesg[16] (what it sleeps on, "" if not);
 *      char comm[20] (p_comm); char args[256] (argv, each argument NUL-terminated, cut at 255 bytes)
 * 364  end
 * </pre>
 * The kernel has no process groups or sessions: a session leader is a process whose parent is not on its
 * terminal, the rule the console uses to find ^C's foreground. libc's {@code Structs} documents the same layout.
 */
public final class ProcSysctls {

    public static final int VERSION = 1;
    public static final int RECORD_SIZE = 364;
    public static final int FLAG_SESSION_LEADER = 1;
    public static final int FLAG_CONTROLLING_TTY = 2;
    /** MAXSLP: a sleep longer than this many seconds shows as idle (I). */
    static final long MAXSLP_SECONDS = 20;

    private ProcSysctls() {
    }

    /** Declares the node on {@code kernel}'s MIB. */
    public static void register(Kernel kernel) {
        kernel.sysctl().addOpaque("kern.proc.all", "Return entire process table", () -> all(kernel));
    }

    static byte[] all(Kernel kernel) {
        List<Proc> procs = kernel.procs().processes();
        ByteBuffer b = ByteBuffer.allocate(StatsSysctls.HEADER_SIZE + procs.size() * RECORD_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION).putInt(procs.size()).putInt(RECORD_SIZE).putInt(0);
        VirtualClock clock = kernel.machine().clock();
        for (Proc p : procs) {
            int at = b.position();
            KThread t = p.thread();
            boolean zombie = p.state() == Proc.State.ZOMBIE;
            b.putInt(p.pid()).putInt(p.parent() == null ? 0 : p.parent().pid()).putInt(p.cred().uid())
                    .putInt(p.cred().gid());
            b.put((byte) stat(clock, t, zombie));
            boolean leader = p.parent() == null || p.parent().tty() != p.tty();
            b.put((byte) ((leader ? FLAG_SESSION_LEADER : 0) | (p.tty() != null ? FLAG_CONTROLLING_TTY : 0)));
            b.putShort((short) 0).putInt(0);
            b.putLong(nanos(clock, p.startCycles()));
            b.putLong(t == null ? 0 : nanos(clock, kernel.scheduler().runtimeCycles(t)));
            b.putLong(zombie || p.vmspace() == null ? 0 : vsize(p.vmspace()));
            b.putLong(zombie || p.vmspace() == null ? 0 : p.vmspace().residentPages());
            put(b, p.tty() == null || p.tty().name() == null ? "" : p.tty().name(), 16);
            put(b, t == null || t.wmesg() == null ? "" : t.wmesg(), 16);
            put(b, p.comm(), 20);
            byte[] args = new byte[256];
            int n = 0;
            for (String a : p.args()) {
                byte[] w = a.getBytes(StandardCharsets.ISO_8859_1);
                int take = Math.min(w.length, args.length - 1 - n);
                if (take < 0) {
                    break;
                }
                System.arraycopy(w, 0, args, n, take);
                n += take + 1;
                if (n >= args.length - 1) {
                    break;
                }
            }
            b.put(args);
            if (b.position() != at + RECORD_SIZE) {
                throw new IllegalStateException("kern.proc.all: record of " + (b.position() - at) + " bytes");
            }
        }
        return b.array();
    }

    private static char stat(VirtualClock clock, KThread t, boolean zombie) {
        if (zombie) {
            return 'Z';
        }
        if (t == null || t.state() != KThread.State.SLEEPING) {
            return 'R';
        }
        if (!t.interruptible()) {
            return 'D';
        }
        return clock.now() - t.sleptAt() > MAXSLP_SECONDS * clock.hz() ? 'I' : 'S';
    }

    private static long vsize(VmSpace vm) {
        long bytes = 0;
        for (VmSpace.Region r : vm.regions().values()) {
            bytes += r.end() - r.start();
        }
        return bytes;
    }

    private static long nanos(VirtualClock clock, long cycles) {
        long hz = clock.hz();
        return (cycles / hz) * 1_000_000_000L + (cycles % hz) * 1_000_000_000L / hz;
    }

    private static void put(ByteBuffer b, String s, int size) {
        byte[] field = new byte[size];
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(v, 0, field, 0, Math.min(v.length, size - 1));
        b.put(field);
    }
}
