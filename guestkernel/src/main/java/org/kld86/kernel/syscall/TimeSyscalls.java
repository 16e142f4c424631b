package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Scheduler;

/**
 * The time system calls: nanosleep(2), on the virtual clock.
 *
 * <p>struct timespec on i386 is two 32-bit words, {@code time_t tv_sec; long tv_nsec;} (i386 is FreeBSD's one
 * platform with a 32-bit time_t), little-endian. kern_nanosleep's rules: a tv_nsec outside [0, 10^9) is EINVAL;
 * a negative or zero interval returns at once; a bad pointer is EFAULT. The thread sleeps on "nanslp"
 * interruptibly, so a signal (kill(2), ^C on the terminal) ends the sleep: nanosleep then fails with EINTR and,
 * if {@code rmtp} is not NULL, stores there the time that was left (a bad {@code rmtp} turns the EINTR into
 * EFAULT). Sleeping costs no host time: with nothing else to run the clock jumps to the wakeup.
 */
public final class TimeSyscalls {

    static final int TIMESPEC_SIZE = 8;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private TimeSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.NANOSLEEP, "nanosleep", 2, c -> nanosleep(k, c));
    }

    private static long nanosleep(Kernel k, SyscallContext c) {
        byte[] ts = new byte[TIMESPEC_SIZE];
        if (k.userAccess().copyin(c.uarg(0), ts, 0, ts.length) != 0) {
            return -EFAULT;
        }
        ByteBuffer b = ByteBuffer.wrap(ts).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getInt(0);
        long nsec = b.getInt(4);
        if (nsec < 0 || nsec >= NANOS_PER_SECOND) {
            return -EINVAL;
        }
        if (sec < 0 || (sec == 0 && nsec == 0)) {
            return 0;
        }
        VirtualClock clock = k.machine().clock();
        long deadline = clock.now() + clock.cyclesForNanos(sec * NANOS_PER_SECOND + nsec);
        Object chan = new Object();
        for (;;) {
            long left = deadline - clock.now();
            if (left <= 0) {
                return 0;
            }
            Scheduler.Wakeup w = k.scheduler().sleep(chan, "nanslp", left, Scheduler.SLEEP_CATCH);
            if (w == Scheduler.Wakeup.TIMED_OUT) {
                return 0;
            }
            if (w == Scheduler.Wakeup.INTERRUPTED) {
                return c.uarg(1) == 0 ? -EINTR : remaining(k, c.uarg(1), Math.max(0, deadline - clock.now()));
            }
        }
    }

    /** Copies the time left, {@code cycles} of the clock, out to {@code rmtp}: EINTR, or EFAULT if it cannot. */
    private static long remaining(Kernel k, long rmtp, long cycles) {
        long hz = k.machine().clock().hz();
        long nanos = (cycles / hz) * NANOS_PER_SECOND + (cycles % hz) * NANOS_PER_SECOND / hz;
        byte[] ts = new byte[TIMESPEC_SIZE];
        ByteBuffer.wrap(ts).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) (nanos / NANOS_PER_SECOND))
                .putInt(4, (int) (nanos % NANOS_PER_SECOND));
        return k.userAccess().copyout(ts, 0, ts.length, rmtp) != 0 ? -EFAULT : -EINTR;
    }
}
