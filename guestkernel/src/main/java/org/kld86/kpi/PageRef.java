package org.kld86.kpi;

/**
 * {@code struct page *}: one physical page frame, as alloc_pages returns it. Two references to the same frame
 * are equal. A page is not an address: {@link Mm#page_address} gives its kernel address, which a HighMem page
 * has only while it is kmapped ({@link Mm#kmap}).
 */
public final class PageRef {

    final int pfn;

    PageRef(int pfn) {
        this.pfn = pfn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRef p && p.pfn == pfn;
    }

    @Override
    public int hashCode() {
        return pfn;
    }

    @Override
    public String toString() {
        return String.format("page pfn:%05x", pfn);
    }
}
