package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.tests.ScullpTest.data;
import static org.kld86.tests.ScullpTest.directMapped;
import static org.kld86.tests.ScullpTest.kernelBytes;
import static org.kld86.tests.ScullpTest.sha256;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.userland.test.MapDev;
import org.kld86.userland.test.ScullIoctl;

/**
 * LDD3's scullv (chapter 8, on vmalloc) through the shell: a few MiB copied through scullv0 and read back
 * identical, /proc/scullvmem showing quanta in the vmalloc range above the direct map, 64 KiB quanta that stop
 * reads, mmap through vmalloc_to_page, the ioctls and order parameter, and unloads that leave nothing.
 */
class ScullvTest {

    static boolean inVmallocRange(Shell s, long va) {
        VmLayout l = s.kernel.vm().layout();
        return va >= l.vmallocStart() && va < l.vmallocEnd();
    }

    @Test
    void aFewMiBCopiedThroughScullv0ReadBackIdenticalFromVmallocAreas() {
        try (Shell s = new Shell()) {
            byte[] data = data(ScullpTest.FEW_MIB, 10);
            s.put("/tmp/data", data);
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(0, s.sh("kldload scullv && dd if=/tmp/data of=/dev/scullv0 bs=64k 2>&1 | head -n 2"));
            assertEquals(0, s.sh("dd if=/dev/scullv0 of=/tmp/back bs=100000 2>&1 | head -n 2;"
                    + " cmp /tmp/data /dev/scullv0 && cmp /tmp/data /tmp/back && sha256 /tmp/data /dev/scullv0"));
            String hash = sha256(data);
            assertEquals("48+1 records in\n48+1 records out\n"
                    + "0+49 records in\n0+49 records out\n"
                    + "SHA256 (/tmp/data) = " + hash + "\nSHA256 (/dev/scullv0) = " + hash + "\n",
                    s.transcript.toString(),
                    "100000-byte reads stop at the end of each 64 KiB quantum: 49 of them");

            ScullMem mem = ScullMem.parse(s.output("cat /proc/scullvmem"));
            ScullMem.Device d0 = mem.device(0);
            assertEquals(500, d0.qset());
            assertEquals(4, d0.order(), "16 pages at a time");
            assertEquals(ScullpTest.FEW_MIB, d0.size());
            assertEquals(1, d0.items().size());
            assertTrue(directMapped(s, d0.items().get(0)[0]) && directMapped(s, d0.items().get(0)[1]),
                    "the list lives in kmalloc memory");
            assertEquals(49, d0.quanta().size());
            Set<Long> seen = new HashSet<>();
            for (var q : d0.quanta().entrySet()) {
                long va = q.getValue();
                assertTrue(inVmallocRange(s, va), String.format("%08x is in the vmalloc range", va));
                assertFalse(directMapped(s, va), "above the top of physical memory's direct map");
                assertEquals(0, va % 4096);
                assertTrue(seen.add(va));
                int offset = q.getKey() * 65536;
                int n = Math.min(65536, ScullpTest.FEW_MIB - offset);
                assertArrayEquals(Arrays.copyOfRange(data, offset, offset + n), kernelBytes(s, va, n),
                        "quantum " + q.getKey() + ", virtually contiguous across its 16 pages");
            }
            for (int i = 1; i < 4; i++) {
                assertEquals(0, mem.device(i).size());
                assertEquals(4, mem.device(i).order());
            }
            assertEquals(0, s.sh("kldunload scullv"));
            s.remove("/tmp/back");
            assertEquals("", s.dmesgSince(mark));
            assertEquals(before, MemoryUsage.of(s), "every area went back with vfree");
            assertEquals("", s.output("cat /proc/vmallocinfo"));
        }
    }

    @Test
    void aProcessMapsScullv0WhoseQuantaAre16PagesThroughVmallocToPage() {
        try (Shell s = new Shell()) {
            s.install("mapdev", MapDev.class);
            byte[] data = data(200000, 11);
            System.arraycopy("seventy!".getBytes(StandardCharsets.ISO_8859_1), 0, data, 70000, 8);
            data[196608] = 'Z';
            s.put("/tmp/data", data);
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scullv && cat /tmp/data > /dev/scullv0 && mapdev /dev/scullv0 200704"
                    + " sha256 200000 read 70000 8 write 131072 MAPPED run /bin/kldunload scullv"));
            assertEquals("mmap /dev/scullv0: ok\n" + sha256(data) + "\nread 70000: seventy!\nwrite 131072: 6 bytes\n"
                    + "kldunload: can't unload file: Device busy\nrun /bin/kldunload: exit 1\n",
                    s.transcript.toString(), "page 17 of the mapping is the second page of the second quantum");
            s.transcript.setLength(0);
            assertEquals(138, s.sh("dd if=/dev/scullv0 bs=65536 skip=2 count=1 2>/dev/null | head -c 6; echo;"
                    + " mapdev /dev/scullv0 204800 read 196608 1 read 200704 1"));
            assertEquals("MAPPED\nmmap /dev/scullv0: ok\nread 196608: Z\nBus error\n",
                    s.transcript.toString(), "the page at 200704 is past the device's 200000 bytes");
            assertEquals(0, s.sh("kldunload scullv"));
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void theIoctlsAndTheOrderParameter() {
        try (Shell s = new Shell()) {
            s.install("scullioctl", ScullIoctl.class);
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scullv scullv_order=0 && dd if=/dev/zero of=/dev/scullv0 bs=10000 count=1"
                    + " 2>/dev/null && dd if=/dev/scullv0 of=/dev/null bs=10000 2>&1 | head -n 1;"
                    + " scullioctl /dev/scullv0 SCULLV_IOCQORDER SCULLV_IOCHORDER=2 SCULLV_IOCQQSET SCULLV_IOCRESET"
                    + " SCULLV_IOCQORDER; echo x > /dev/scullv0; head -n 2 /proc/scullvmem; kldunload scullv"));
            assertEquals("0+3 records in\nSCULLV_IOCQORDER: 0\nSCULLV_IOCHORDER(2): 0\nSCULLV_IOCQQSET: 500\n"
                    + "SCULLV_IOCRESET: 0\nSCULLV_IOCQORDER: 4\n\nDevice 0: qset 500, order 4, sz 2\n",
                    s.transcript.toString(), "one-page quanta at order 0; RESET brings back SCULLV_ORDER 4");
            assertEquals(before, MemoryUsage.of(s));
        }
    }
}
