package org.kld86.kpi;

/**
 * wait_queue_head_t (linux/wait.h): what threads wait on with wait_event and are woken from with wake_up. Make
 * one with {@code new WaitQueueHead()} (DECLARE_WAIT_QUEUE_HEAD) or init_waitqueue_head. The functions are in
 * {@link Wait}.
 */
public final class WaitQueueHead {

    /** Interruptible and uninterruptible waiters sleep apart, so wake_up_interruptible leaves the others be. */
    final Object interruptible = new Object();
    final Object uninterruptible = new Object();
    int waiters;

    public WaitQueueHead() {
    }
}
