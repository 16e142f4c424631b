package org.kld86.emulator.memory;

/**
 * Guest RAM, allocated sparsely: a host array of 4 KiB appears for a page only when the page is first
 * written (or handed to the MMU for direct access), so an untouched 3 GiB guest costs the host only the
 * page-pointer table (about 3 MiB of references).
 *
 * <p>Reads of a page never touched return zeros without allocating, which is what fresh DRAM looks like to
 * every kernel we emulate (firmware clears it).
 */
final class Ram {

    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final byte[][] pages;
    private int touchedPages;

    Ram(long sizeBytes) {
        pages = new byte[(int) (sizeBytes >>> PAGE_SHIFT)][];
    }

    int pageCount() {
        return pages.length;
    }

    /** The host array behind {@code pfn}, or null if it was never touched. */
    byte[] peek(int pfn) {
        return pages[pfn];
    }

    /** The host array behind {@code pfn}, allocated (zeroed) on first touch. */
    byte[] touch(int pfn) {
        byte[] page = pages[pfn];
        if (page == null) {
            page = new byte[PAGE_SIZE];
            pages[pfn] = page;
            touchedPages++;
        }
        return page;
    }

    int touchedPages() {
        return touchedPages;
    }
}
