package scullp;

import static org.kld86.kpi.Sleep.*;

import org.kld86.kpi.Errno;

/**
 * {@code struct semaphore} (linux/semaphore.h), the lock LDD3's scullp keeps in each device ({@code dev->sem}) so
 * that one process at a time walks and changes the device's lists: {@code sema_init}, {@code down},
 * {@code down_interruptible} and {@code up}, built on sleep(9).
 *
 * <p>The KPI has no Linux mutex or semaphore, so the driver carries this one. It is safe without an atomic
 * test-and-set because this kernel switches threads only when a thread sleeps (proc/Scheduler): nothing can run
 * between the test of {@code count} and its decrement. A holder may sleep (in kmalloc, or faulting in a user page
 * during copy_from_user), and then others wait here, as they would on Linux.
 *
 * <p>Trap: down_interruptible fails with -EINTR when a signal arrives; the caller must not touch the device then
 * and returns -ERESTARTSYS, as LDD3 does.
 */
final class Semaphore {

    private int count;
    private final String wmesg;

    /** sema_init(sem, val), with the name a sleeper shows while it waits. */
    Semaphore(int val, String wmesg) {
        this.count = val;
        this.wmesg = wmesg;
    }

    /** down_interruptible(): 0 once the semaphore is taken, -EINTR if a signal came first. */
    static int down_interruptible(Semaphore sem) {
        while (sem.count <= 0) {
            if (tsleep(sem, PZERO | PCATCH, sem.wmesg, 0) != 0) {
                return -Errno.EINTR;
            }
        }
        sem.count--;
        return 0;
    }

    /** down(): takes the semaphore, waiting as long as it takes. */
    static void down(Semaphore sem) {
        while (sem.count <= 0) {
            tsleep(sem, PZERO, sem.wmesg, 0);
        }
        sem.count--;
    }

    /** up(): gives the semaphore back and wakes whoever waits for it. */
    static void up(Semaphore sem) {
        sem.count++;
        wakeup(sem);
    }
}
