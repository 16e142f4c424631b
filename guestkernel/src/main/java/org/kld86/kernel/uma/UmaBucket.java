package org.kld86.kernel.uma;

/**
 * A bucket (struct uma_bucket): a stack of free items that a zone keeps in front of its keg, so that most
 * allocations and frees touch neither the slabs nor the page allocator.
 *
 * <p>The bucket itself is an item of one of the bucket zones ("4 Bucket" .. "256 Bucket"), really allocated in
 * guest memory, so vmstat -z counts it; the item pointers it holds are kept here.
 */
final class UmaBucket {

    /** The bucket's own address, an item of {@link #home}. */
    final long va;
    /** The bucket zone the bucket was allocated from. */
    final UmaZone home;
    final long[] items;
    int cnt;

    UmaBucket(long va, UmaZone home, int entries) {
        this.va = va;
        this.home = home;
        this.items = new long[entries];
    }

    int entries() {
        return items.length;
    }

    boolean full() {
        return cnt >= items.length;
    }

    void push(long item) {
        items[cnt++] = item;
    }

    long pop() {
        return items[--cnt];
    }
}
