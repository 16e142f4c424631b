package org.kld86.emulator.dev.pci;

import java.util.Arrays;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * A PCI device's path to memory when it masters the bus: the only way a device's DMA engine reaches RAM.
 *
 * <p>The path is open only while the device's command register has Bus Master Enable (bit 2) set. QEMU models
 * the gate as a per-device {@code bus_master_enable_region} that {@code pci_default_write_config} enables and
 * disables on every command write, and routes every {@code pci_dma_read}/{@code pci_dma_write} through it
 * (MACHINE-SEMANTICS.md §3.2 [PCIBME]); with the region disabled the access decodes to nothing. We model the
 * same outcome: <b>with Bus Master Enable clear, a read fills the device's buffer with all-ones and a write is
 * dropped</b>, RAM is untouched, and {@link #refusedTransfers()} counts the attempt. The gate is checked when
 * the transfer runs, not when it was programmed, so a driver that clears BME before a DMA completes stops it.
 *
 * <p>Bus addresses are 64-bit ({@code dma_addr_t}) and compared unsigned; there is no IOMMU, so a bus address is
 * a physical address. The bytes of a transfer at or above 4 GiB reach nothing (the machine's physical space is
 * 32 bits) and behave like a master abort: all-ones in, dropped out.
 */
public final class BusMaster {

    private final PciDevice device;
    private final PhysicalMemory memory;
    private long refusedTransfers;

    BusMaster(PciDevice device, PhysicalMemory memory) {
        this.device = device;
        this.memory = memory;
    }

    /** Whether the device may master the bus now (command bit 2). */
    public boolean enabled() {
        return device.busMasterEnabled();
    }

    /** Transfers attempted while Bus Master Enable was clear. */
    public long refusedTransfers() {
        return refusedTransfers;
    }

    /** Reads {@code len} bytes at bus address {@code busAddress} into {@code dst[off..]}. */
    public void read(long busAddress, byte[] dst, int off, int len) {
        checkRange(dst, off, len);
        if (!enabled()) {
            refusedTransfers++;
            Arrays.fill(dst, off, off + len, (byte) 0xFF);
            return;
        }
        int n = reachable(busAddress, len);
        memory.read(busAddress, dst, off, n);
        Arrays.fill(dst, off + n, off + len, (byte) 0xFF);
    }

    /** Writes {@code src[off..off+len)} to bus address {@code busAddress}. */
    public void write(long busAddress, byte[] src, int off, int len) {
        checkRange(src, off, len);
        if (!enabled()) {
            refusedTransfers++;
            return;
        }
        memory.write(busAddress, src, off, reachable(busAddress, len));
    }

    /** How many of the {@code len} bytes from {@code busAddress} lie below 4 GiB. */
    private static int reachable(long busAddress, int len) {
        if (Long.compareUnsigned(busAddress, PhysicalMemory.ADDRESS_LIMIT) >= 0) {
            return 0;
        }
        return (int) Math.min(len, PhysicalMemory.ADDRESS_LIMIT - busAddress);
    }

    private static void checkRange(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length || off + len < 0) {
            throw new IllegalArgumentException(String.format(
                    "DMA buffer range [%d, %d+%d) is outside a %d-byte buffer", off, off, len, buf.length));
        }
    }
}
