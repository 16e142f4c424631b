package org.kld86.kpi;

/**
 * struct resource: what bus_alloc_resource gives a driver. For SYS_RES_MEMORY, the physical range of a BAR or
 * window and, once active, the kernel address it is mapped at ({@link Bus#rman_get_virtual}); for SYS_RES_IOPORT
 * a port range; for SYS_RES_IRQ the interrupt line in {@link Bus#rman_get_start}.
 */
public final class Resource {

    final Device dev;
    final int type;
    final int rid;
    final long start;
    final long size;
    long va;

    Resource(Device dev, int type, int rid, long start, long size) {
        this.dev = dev;
        this.type = type;
        this.rid = rid;
        this.start = start;
        this.size = size;
    }
}
