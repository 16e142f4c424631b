package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.userland.test.MapDev;
import org.kld86.userland.test.ScullIoctl;

/**
 * LDD3's scullp (chapter 8, on __get_free_pages) through the shell: a few MiB copied through scullp0 and read back
 * identical, /proc/scullpmem showing the direct-map addresses of its pages, the order from a load parameter or a
 * tunable, the SCULLP_IOC ioctls, kldunload refused while a device is open or mapped, mmap page by page with
 * SIGBUS past the end and in a hole, and unloads that leave nothing.
 */
class ScullpTest {

    /** 3 MiB and a bit, so that the last of 772 pages is partly used and the list has two items. */
    static final int FEW_MIB = (3 << 20) + 12345;

    /** Bytes a seeded generator makes: the same file on every run. */
    static byte[] data(int sizeBytes, long seed) {
        byte[] b = new byte[sizeBytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether {@code va} is in the kernel's direct map of low memory: PAGE_OFFSET + pa, pa below high_memory. */
    static boolean directMapped(Shell s, long va) {
        return va >= VmLayout.PAGE_OFFSET && va - VmLayout.PAGE_OFFSET < s.kernel.vm().layout().lowmemTopBytes();
    }

    static byte[] kernelBytes(Shell s, long va, int n) {
        byte[] b = new byte[n];
        s.kernel.memory().read(va, b, 0, n);
        return b;
    }

    @Test
    void aFewMiBCopiedThroughScullp0ReadBackIdenticalFromPhysicalPages() {
        try (Shell s = new Shell()) {
            byte[] data = data(FEW_MIB, 8);
            s.put("/tmp/data", data);
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(0, s.sh("kldload scullp && dd if=/tmp/data of=/dev/scullp0 bs=64k 2>&1 | head -n 2"));
            assertEquals(0, s.sh("dd if=/dev/scullp0 of=/tmp/back bs=64k 2>&1 | head -n 2;"
                    + " cmp /tmp/data /dev/scullp0 && cmp /tmp/data /tmp/back && sha256 /tmp/data /dev/scullp0"));
            String hash = sha256(data);
            assertEquals("48+1 records in\n48+1 records out\n"
                    + "0+772 records in\n0+772 records out\n"
                    + "SHA256 (/tmp/data) = " + hash + "\nSHA256 (/dev/scullp0) = " + hash + "\n",
                    s.transcript.toString(),
                    "each read(2) stops at the end of its one-page quantum: 772 short reads");

            ScullMem mem = ScullMem.parse(s.output("cat /proc/scullpmem"));
            assertEquals(4, mem.devices().size());
            ScullMem.Device d0 = mem.device(0);
            assertEquals(500, d0.qset());
            assertEquals(0, d0.order());
            assertEquals(FEW_MIB, d0.size());
            assertEquals(2, d0.items().size(), "772 pages: a full set of 500 and 272 in the second item");
            assertEquals(272, d0.quanta().size(), "the last item's pages, all of them, though the text spans reads");
            assertEquals(0, d0.quanta().firstKey());
            assertEquals(271, d0.quanta().lastKey());
            for (long[] item : d0.items()) {
                assertTrue(directMapped(s, item[0]) && directMapped(s, item[1]),
                        "kmalloc'ed: " + Arrays.toString(item));
            }
            for (int i = 1; i < 4; i++) {
                ScullMem.Device d = mem.device(i);
                assertEquals(i, d.index());
                assertEquals(0, d.size());
                assertEquals(1, d.items().size());
                assertEquals(d0.items().get(0)[0] + 24L * i, d.items().get(0)[0],
                        "the devices are one kmalloc'ed array of 24-byte struct scullp_dev");
                assertEquals(0, d.items().get(0)[1], "no quantum set yet");
            }
            for (var q : d0.quanta().entrySet()) {
                long va = q.getValue();
                assertEquals(0, va % 4096, "a page");
                assertTrue(directMapped(s, va), String.format("%08x is below the top of physical memory", va));
                int offset = (500 + q.getKey()) * 4096;
                int n = Math.min(4096, FEW_MIB - offset);
                assertArrayEquals(Arrays.copyOfRange(data, offset, offset + n), kernelBytes(s, va, n),
                        "page " + q.getKey() + " of the last item holds the file's bytes at " + offset);
            }
            assertEquals(0, s.sh("kldunload scullp"));
            s.remove("/tmp/back");
            assertEquals("", s.dmesgSince(mark));
            assertEquals(before, MemoryUsage.of(s), "every page went back with free_pages");
        }
    }

    @Test
    void theOrderComesFromTheLoadParameterWhichWinsOverTheTunable() {
        try (Shell s = new Shell()) {
            s.install("mapdev", MapDev.class);
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scullp scullp_order=2 && dd if=/dev/zero of=/dev/scullp0 bs=100000 count=1"
                    + " 2>/dev/null && dd if=/dev/scullp0 of=/dev/null bs=65536 2>&1 | head -n 1"));
            assertEquals("0+7 records in\n", s.transcript.toString(), "16 KiB quanta: 100000 bytes in 7 reads");
            ScullMem.Device d0 = ScullMem.parse(s.output("cat /proc/scullpmem")).device(0);
            assertEquals(2, d0.order());
            assertEquals(7, d0.quanta().size());
            for (long va : d0.quanta().values()) {
                assertTrue(directMapped(s, va));
                assertEquals(0, (va - VmLayout.PAGE_OFFSET) % 16384, "a block of order 2 is aligned to its size");
            }
            s.transcript.setLength(0);
            assertEquals(1, s.sh("mapdev /dev/scullp0 4096"));
            assertEquals("mapdev: mmap: Operation not supported by device\n", s.transcript.toString(),
                    "order 2 cannot be mapped: ENODEV");
            assertEquals(0, s.sh("kldunload scullp"));
            assertEquals(before, MemoryUsage.of(s), "the blocks went back with their order, 2");

            s.transcript.setLength(0);
            assertEquals(0, s.sh("kenv hw.scullp.order=1 && kldload scullp && head -n 2 /proc/scullpmem"
                    + " && kldunload scullp && kldload scullp scullp_order=3 && head -n 2 /proc/scullpmem"
                    + " && kldunload scullp && kenv -u hw.scullp.order"));
            assertEquals("hw.scullp.order=\"1\"\n\nDevice 0: qset 500, order 1, sz 0\n"
                    + "\nDevice 0: qset 500, order 3, sz 0\n", s.transcript.toString());
        }
    }

    @Test
    void theIoctlsChangeTheModuleGlobalsThatADevicePicksUpAtItsNextTrim() {
        try (Shell s = new Shell()) {
            s.install("scullioctl", ScullIoctl.class);
            assertEquals(0, s.sh("kldload scullp && echo a > /dev/scullp0 && echo b > /dev/scullp1"));
            assertEquals(0, s.sh("scullioctl /dev/scullp0 SCULLP_IOCQORDER SCULLP_IOCTORDER=1 SCULLP_IOCGORDER"
                    + " SCULLP_IOCSORDER=3 SCULLP_IOCXORDER=2 SCULLP_IOCHORDER=1 SCULLP_IOCQQSET SCULLP_IOCTQSET=200"
                    + " SCULLP_IOCSQSET=300 SCULLP_IOCXQSET=400 SCULLP_IOCHQSET=50 SCULLP_IOCGQSET"));
            assertEquals("SCULLP_IOCQORDER: 0\nSCULLP_IOCTORDER(1): 0\nSCULLP_IOCGORDER: 0 -> 1\n"
                    + "SCULLP_IOCSORDER(3): 0\nSCULLP_IOCXORDER(2): 0 -> 3\nSCULLP_IOCHORDER(1): 2\n"
                    + "SCULLP_IOCQQSET: 500\nSCULLP_IOCTQSET(200): 0\nSCULLP_IOCSQSET(300): 0\n"
                    + "SCULLP_IOCXQSET(400): 0 -> 300\nSCULLP_IOCHQSET(50): 400\nSCULLP_IOCGQSET: 0 -> 50\n",
                    s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(0, s.sh("echo c > /dev/scullp1; grep Device /proc/scullpmem; cat /dev/scullp0 /dev/scullp1"));
            assertEquals("Device 0: qset 500, order 0, sz 2\nDevice 1: qset 50, order 1, sz 2\n"
                    + "Device 2: qset 500, order 0, sz 0\nDevice 3: qset 500, order 0, sz 0\na\nc\n",
                    s.transcript.toString(), "only scullp1 was trimmed since: it alone took order 1 and qset 50");
            s.transcript.setLength(0);
            assertEquals(1, s.sh("scullioctl /dev/scullp2 SCULLP_IOCRESET SCULLP_IOCQORDER SCULLP_IOCQQSET"
                    + " SCULL_IOCQQUANTUM 0x4b0d"));
            assertEquals("SCULLP_IOCRESET: 0\nSCULLP_IOCQORDER: 0\nSCULLP_IOCQQSET: 500\n"
                    + "SCULL_IOCQQUANTUM: Inappropriate ioctl for device\n0x4b0d: Inappropriate ioctl for device\n",
                    s.transcript.toString(), "scull's 'k' is not scullp's type, and 13 is past SCULLP_IOC_MAXNR");
            assertEquals(0, s.sh("kldunload scullp"));
        }
    }

    @Test
    void kldunloadIsRefusedWhileAScullpDeviceIsOpen() {
        try (Shell s = new Shell()) {
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scullp && dd if=/dev/zero of=/dev/scullp0 bs=4096 count=16 2>/dev/null"));
            // cat fills the 16 KiB pipe and sleeps with /dev/scullp0 open while the other side tries the unload.
            assertEquals(0, s.sh("cat /dev/scullp0 | sh -c 'kldunload scullp; wc -c'; kldstat -q -m scullp"
                    + " && kldunload scullp"));
            assertEquals("kldunload: can't unload file: Device busy\n   65536\n", s.transcript.toString());
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void aProcessMapsScullp0PageByPageAndGetsSigbusPastTheEndAndInAHole() {
        try (Shell s = new Shell()) {
            s.install("mapdev", MapDev.class);
            byte[] data = new byte[3 * 4096 + 100];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('A' + (i / 4096) * 4 + i % 4);
            }
            s.put("/tmp/data", data);
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(0, s.sh("kldload scullp && cat /tmp/data > /dev/scullp0 && mapdev /dev/scullp0 16384"
                    + " sha256 12388 read 4096 8 write 8192 MAPPED run /bin/kldunload scullp"));
            assertEquals("mmap /dev/scullp0: ok\n" + sha256(data) + "\nread 4096: EFGHEFGH\nwrite 8192: 6 bytes\n"
                    + "kldunload: can't unload file: Device busy\nrun /bin/kldunload: exit 1\n",
                    s.transcript.toString(),
                    "the mapping holds the file after mapdev closed it, and so the module");
            s.transcript.setLength(0);
            assertEquals(0, s.sh("dd if=/dev/scullp0 bs=4096 skip=2 count=1 2>/dev/null | head -c 8; echo;"
                    + " mapdev /dev/scullp0 4096 run /bin/sh -c 'echo new > /dev/scullp0; grep \"Device 0\""
                    + " /proc/scullpmem; head -c 8 /dev/scullp0'"));
            assertEquals("MAPPEDKL\nmmap /dev/scullp0: ok\nDevice 0: qset 500, order 0, sz 12388\nnew\nABCD"
                    + "run /bin/sh: exit 0\n", s.transcript.toString(),
                    "a write through the mapping is in the device; a write-only open does not trim a mapped device");
            s.transcript.setLength(0);
            assertEquals(138, s.sh("mapdev /dev/scullp0 20480 read 12384 4 read 16384 1"));
            assertEquals("mmap /dev/scullp0: ok\nread 12384: MNOP\nBus error\n", s.transcript.toString(),
                    "the page at 16384 is past the device's 12388 bytes");
            assertTrue(s.dmesgSince(mark).matches("pid \\d+ \\(mapdev\\), jid 0, uid 0: exited on signal 10\n"),
                    s.dmesgSince(mark));
            s.transcript.setLength(0);
            assertEquals(138, s.sh("dd if=/tmp/data of=/dev/scullp1 bs=4096 seek=2 count=1 2>/dev/null;"
                    + " mapdev /dev/scullp1 12288 read 8192 4 read 0 1"));
            assertEquals("mmap /dev/scullp1: ok\nread 8192: ABCD\nBus error\n", s.transcript.toString(),
                    "pages 0 and 1 of scullp1 are a hole");
            assertEquals(0, s.sh("kldunload scullp"));
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void theProcTextIsComplete() {
        // 384 pages in one item: the quantum lines take more than one read_proc call of 3072 bytes, each of which
        // stops past count - 80 and the next one skips what was read (LDD3's scullp_proc_offset).
        try (Shell s = new Shell()) {
            assertEquals(0, s.sh("kldload scullp && dd if=/dev/zero of=/dev/scullp3 bs=4096 count=384 2>/dev/null"));
            String text = s.output("cat /proc/scullpmem");
            assertTrue(text.length() > 2 * 3072, "several read_proc calls: " + text.length());
            ScullMem.Device d3 = ScullMem.parse(text).device(3);
            assertEquals(384, d3.quanta().size());
            assertEquals(383, d3.quanta().lastKey());
            assertEquals(text, s.output("dd if=/proc/scullpmem bs=1000 2>/dev/null"),
                    "the same text whatever the reads");
            assertEquals(0, s.sh("kldunload scullp"));
        }
    }
}
