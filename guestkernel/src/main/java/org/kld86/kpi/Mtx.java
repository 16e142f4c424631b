package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.sync.SleepLock;
import org.kld86.kernel.sync.Synch;

/**
 * mutex(9): struct mtx and mtx_init, mtx_lock, mtx_unlock, mtx_lock_spin, mtx_unlock_spin, mtx_trylock,
 * mtx_owned, mtx_assert, mtx_destroy (FreeBSD sys/kern/kern_mutex.c).
 *
 * <p>Two kinds, chosen at mtx_init:
 * <ul>
 *   <li>{@link #MTX_DEF}, a sleep mutex: a thread that finds it held blocks until the owner releases it (other
 *       threads run meanwhile). Never in an interrupt filter or a callout: there is no thread there to block.
 *       An interrupt thread may take one.</li>
 *   <li>{@link #MTX_SPIN}: interrupts are off while it is held, which is what makes it safe to share with a
 *       filter. Holding one across a sleep is a panic.</li>
 * </ul>
 * A thread that locks a mutex it already holds panics unless the mutex was made with {@link #MTX_RECURSE}; only
 * the owner may unlock. msleep and cv_wait drop the mutex while sleeping and take it back before returning.
 *
 * <p>Declare one as a field, {@code private final Mtx sc_mtx = new Mtx();}, and mtx_init it before use.
 */
public final class Mtx {

    /** Mutex types and options (sys/sys/mutex.h). */
    public static final int MTX_DEF = 0x00000000;
    public static final int MTX_SPIN = 0x00000001;
    public static final int MTX_RECURSE = 0x00000004;
    public static final int MTX_NOWITNESS = 0x00000008;
    /** mtx_assert what. */
    public static final int MA_OWNED = 0x01;
    public static final int MA_NOTOWNED = 0x02;
    public static final int MA_RECURSED = 0x04;
    public static final int MA_NOTRECURSED = 0x08;

    private String name;
    private int opts;
    private boolean initialized;
    private boolean destroyed;
    private int recurse;
    private final SleepLock lock = new SleepLock();

    public Mtx() {
    }

    /** mtx_init(m, name, type, opts): {@code type} (may be null) names the lock class for WITNESS; unused here. */
    public static void mtx_init(Mtx m, String name, String type, int opts) {
        Kernel k = Kernel.current();
        if (k.options().invariants() && m.initialized && !m.destroyed) {
            throw k.panic("lock \"%s\" already initialized", name);
        }
        m.name = name;
        m.opts = opts;
        m.initialized = true;
        m.destroyed = false;
        m.recurse = 0;
        m.lock.clear();
    }

    /** mtx_lock(m): takes a sleep mutex, blocking while another thread holds it. */
    public static void mtx_lock(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_lock");
        if (m.spin()) {
            throw k.panic("mtx_lock() of spin mutex %s", m.name);
        }
        if (k.inInterrupt()) {
            throw k.panic("mtx_lock() of sleep mutex %s in interrupt context: a filter or callout may take only spin mutexes",
                    m.name);
        }
        KThread me = k.scheduler().current();
        if (m.lock.owner() == me) {
            recurse(k, m, "_mtx_lock_sleep");
            return;
        }
        m.lock.acquire(k.synch(), "mtx_lock", "*" + m.name, false);
    }

    /** mtx_trylock(m): 1 if the mutex was taken, 0 if another thread holds it. */
    public static int mtx_trylock(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_trylock");
        if (m.spin()) {
            throw k.panic("mtx_trylock() of spin mutex %s", m.name);
        }
        KThread me = k.scheduler().current();
        if (m.lock.owner() == me && (m.opts & MTX_RECURSE) != 0) {
            m.recurse++;
            return 1;
        }
        return m.lock.tryAcquire(me) ? 1 : 0;
    }

    /** mtx_unlock(m): only the owner may; the longest waiter gets the mutex next. */
    public static void mtx_unlock(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_unlock");
        if (m.spin()) {
            throw k.panic("mtx_unlock() of spin mutex %s", m.name);
        }
        release(k, m);
    }

    /** mtx_lock_spin(m): interrupts off, then the mutex. */
    public static void mtx_lock_spin(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_lock_spin");
        if (!m.spin()) {
            throw k.panic("mtx_lock_spin() of sleep mutex %s", m.name);
        }
        KThread me = k.scheduler().current();
        k.criticalSections().enter(wmesg -> String.format(
                "mi_switch: sleeping on \"%s\" with spin mutex %s held: a spin mutex must not be held across a sleep",
                wmesg, m.name));
        KThread owner = m.lock.owner();
        if (owner == me) {
            recurse(k, m, "_mtx_lock_spin");
            return;
        }
        if (owner != null) {
            // On one CPU the owner cannot run again until this thread lets go: it would spin forever.
            throw k.panic("spin lock %s held by tid %d too long", m.name, owner.tid());
        }
        m.lock.tryAcquire(me);
    }

    /** mtx_unlock_spin(m): the mutex, then interrupts back as they were. */
    public static void mtx_unlock_spin(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_unlock_spin");
        if (!m.spin()) {
            throw k.panic("mtx_unlock_spin() of sleep mutex %s", m.name);
        }
        release(k, m);
        k.criticalSections().exit();
    }

    /** mtx_owned(m): whether the calling thread holds it. */
    public static boolean mtx_owned(Mtx m) {
        return m.lock.owner() != null && m.lock.owner() == Kernel.current().scheduler().current();
    }

    /** mtx_initialized(m). */
    public static boolean mtx_initialized(Mtx m) {
        return m.initialized && !m.destroyed;
    }

    /** mtx_name(m). */
    public static String mtx_name(Mtx m) {
        return m.name;
    }

    /** mtx_assert(m, what) (INVARIANTS): panics if the mutex is not in the asserted state. */
    public static void mtx_assert(Mtx m, int what) {
        Kernel k = Kernel.current();
        if (!k.options().invariants()) {
            return;
        }
        boolean owned = mtx_owned(m);
        if ((what & MA_OWNED) != 0 && !owned) {
            throw k.panic("mutex %s not owned", m.name);
        }
        if ((what & MA_NOTOWNED) != 0 && owned) {
            throw k.panic("mutex %s owned", m.name);
        }
        if ((what & MA_RECURSED) != 0 && m.recurse == 0) {
            throw k.panic("mutex %s unrecursed", m.name);
        }
        if ((what & MA_NOTRECURSED) != 0 && m.recurse != 0) {
            throw k.panic("mutex %s recursed", m.name);
        }
    }

    /**
     * mtx_destroy(m): the mutex must be unowned, or owned (once) by the caller, who then gives it up; using it
     * afterwards is a panic until it is initialized again.
     */
    public static void mtx_destroy(Mtx m) {
        Kernel k = Kernel.current();
        check(k, m, "mtx_destroy");
        KThread owner = m.lock.owner();
        if (owner != null && owner != k.scheduler().current()) {
            throw k.panic("Assertion mtx_unowned(m) failed at mtx_destroy (%s held by tid %d)", m.name, owner.tid());
        }
        if (owner != null) {
            m.lock.clear();
            m.recurse = 0;
            if (m.spin()) {
                k.criticalSections().exit();
            }
        }
        m.destroyed = true;
    }

    // -------------------------------------------------------------------------------------------------------------

    private boolean spin() {
        return (opts & MTX_SPIN) != 0;
    }

    private static void check(Kernel k, Mtx m, String function) {
        if (!m.initialized) {
            throw k.panic("%s() of uninitialized mutex", function);
        }
        if (m.destroyed) {
            throw k.panic("%s() of destroyed mutex %s", function, m.name);
        }
    }

    private static void recurse(Kernel k, Mtx m, String function) {
        if ((m.opts & MTX_RECURSE) == 0) {
            throw k.panic("%s: recursed on non-recursive mutex %s", function, m.name);
        }
        m.recurse++;
    }

    private static void release(Kernel k, Mtx m) {
        if (m.lock.owner() != k.scheduler().current()) {
            throw k.panic("mutex %s not owned at mtx_unlock", m.name);
        }
        if (m.recurse > 0) {
            m.recurse--;
            return;
        }
        m.lock.release(k.synch());
    }

    /** The interlock msleep and cv_wait drop around the sleep. */
    Synch.Interlock interlock() {
        return new Synch.Interlock() {
            private int savedRecurse;

            @Override
            public void release() {
                Kernel k = Kernel.current();
                if (!mtx_owned(Mtx.this)) {
                    throw k.panic("mutex %s not owned at msleep", name);
                }
                savedRecurse = recurse;
                recurse = 0;
                if (spin()) {
                    mtx_unlock_spin(Mtx.this);
                } else {
                    mtx_unlock(Mtx.this);
                }
            }

            @Override
            public void reacquire() {
                if (spin()) {
                    mtx_lock_spin(Mtx.this);
                } else {
                    mtx_lock(Mtx.this);
                }
                recurse = savedRecurse;
            }
        };
    }

    @Override
    public String toString() {
        return "mtx " + name;
    }
}
