package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kld86.userland.test.ScullIoctl;

/**
 * LDD3's scull (chapter 3, on kmalloc) through the shell: four devices that keep what is written, reads and
 * writes that stop at the end of a 4000-byte quantum, holes that read as end of file, the truncating O_WRONLY
 * open, the SCULL_IOC ioctls of scull.h, the module parameters, and an unload that leaves nothing.
 */
class ScullTest {

    @Test
    void fourDevicesKeepWhatIsWrittenUntilTheNextWriteOnlyOpen() {
        try (Shell s = new Shell()) {
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(0, s.sh("kldload scull && ls /dev && grep scull /proc/devices"));
            assertEquals("console\tfull\tnull\tscull0\tscull1\tscull2\tscull3\tttyu0\tzero\n254 scull\n", s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(0, s.sh("echo hello > /dev/scull0; echo world > /dev/scull1; cat /dev/scull0 /dev/scull1;"
                    + " echo bye > /dev/scull0; cat /dev/scull0; echo again >> /dev/scull1; cat /dev/scull1"));
            assertEquals("hello\nworld\nbye\nagain\n", s.transcript.toString(),
                    "O_WRONLY trims the device, with or without O_APPEND, as LDD3's open does");
            s.transcript.setLength(0);
            assertEquals(0, s.sh("kldunload scull; ls /dev"));
            assertEquals("console\tfull\tnull\tttyu0\tzero\n", s.transcript.toString());
            assertEquals("", s.dmesgSince(mark));
            assertEquals(before, MemoryUsage.of(s), "every quantum, qset and list item went back to kmalloc");
        }
    }

    @Test
    void readsAndWritesStopAtTheEndOfA4000ByteQuantum() {
        try (Shell s = new Shell()) {
            byte[] data = new byte[30000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + i % 26);
            }
            s.put("/tmp/data", data);
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scull"));
            // dd writes 10000-byte blocks; each write(2) takes at most the rest of a quantum and dd writes the rest.
            assertEquals(0, s.sh("dd if=/tmp/data of=/dev/scull1 bs=10000 2>&1 | head -n 2;"
                    + " dd if=/dev/scull1 of=/tmp/back bs=10000 2>&1 | head -n 2;"
                    + " cmp /tmp/data /tmp/back && wc -c /dev/scull1;"
                    + " dd if=/dev/scull1 bs=1000 skip=7 count=2 2>/dev/null | wc -c;"
                    + " dd if=/dev/scull1 bs=3900 skip=1 count=1 2>/dev/null | wc -c"));
            assertEquals("3+0 records in\n3+0 records out\n"
                    + "0+8 records in\n0+8 records out\n"
                    + "   30000 /dev/scull1\n"
                    + "    2000\n"
                    + "     100\n",
                    s.transcript.toString(), "30000 bytes read back in 8 reads of at most a quantum (7 x 4000 + 2000);"
                    + " a read at 3900 gets the 100 bytes left in the first quantum");
            s.transcript.setLength(0);
            assertEquals(0, s.sh("dd if=/tmp/data of=/dev/scull2 bs=4000 seek=2 count=1 2>/dev/null;"
                    + " wc -c < /dev/scull2; dd if=/dev/scull2 bs=4000 skip=2 2>/dev/null | wc -c"));
            assertEquals("       0\n    4000\n", s.transcript.toString(),
                    "a device written at 8000 only has a hole before: reading from 0 is end of file at once");
            assertEquals(0, s.sh("kldunload scull"));
            s.remove("/tmp/back");
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void theIoctlsOfScullHReadAndChangeTheModuleWideQuantumAndQset() {
        try (Shell s = new Shell()) {
            s.install("scullioctl", ScullIoctl.class);
            assertEquals(0, s.sh("kldload scull && echo data > /dev/scull0"));
            assertEquals(0, s.sh("scullioctl /dev/scull0 SCULL_IOCQQUANTUM SCULL_IOCQQSET SCULL_IOCSQUANTUM=2000"
                    + " SCULL_IOCGQUANTUM SCULL_IOCXQUANTUM=3000 SCULL_IOCHQUANTUM=1000 SCULL_IOCQQUANTUM"
                    + " SCULL_IOCTQSET=10 SCULL_IOCSQSET=20 SCULL_IOCXQSET=30 SCULL_IOCHQSET=40 SCULL_IOCGQSET"
                    + " SCULL_P_IOCTSIZE=8000 SCULL_P_IOCQSIZE"));
            assertEquals("SCULL_IOCQQUANTUM: 4000\nSCULL_IOCQQSET: 1000\nSCULL_IOCSQUANTUM(2000): 0\n"
                    + "SCULL_IOCGQUANTUM: 0 -> 2000\nSCULL_IOCXQUANTUM(3000): 0 -> 2000\n"
                    + "SCULL_IOCHQUANTUM(1000): 3000\n"
                    + "SCULL_IOCQQUANTUM: 1000\nSCULL_IOCTQSET(10): 0\nSCULL_IOCSQSET(20): 0\n"
                    + "SCULL_IOCXQSET(30): 0 -> 20\nSCULL_IOCHQSET(40): 30\nSCULL_IOCGQSET: 0 -> 40\n"
                    + "SCULL_P_IOCTSIZE(8000): 0\nSCULL_P_IOCQSIZE: 8000\n", s.transcript.toString());
            s.transcript.setLength(0);
            // The device keeps its 4000-byte quantum until it is trimmed; then it takes the new 1000.
            assertEquals(0, s.sh("cat /dev/scull0; dd if=/dev/zero of=/dev/scull0 bs=3000 count=1 2>/dev/null;"
                    + " dd if=/dev/scull0 of=/dev/null bs=3000 2>&1 | head -n 1"));
            assertEquals("data\n0+3 records in\n", s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(1, s.sh("scullioctl /dev/scull0 SCULL_IOCRESET SCULL_IOCQQUANTUM SCULL_IOCQQSET"
                    + " 0x6b0f 0x4b07 0x6b07=5"));
            assertEquals("SCULL_IOCRESET: 0\nSCULL_IOCQQUANTUM: 4000\nSCULL_IOCQQSET: 1000\n"
                    + "0x6b0f: Inappropriate ioctl for device\n0x4b07: Inappropriate ioctl for device\n"
                    + "0x6b07(5): 4000\n", s.transcript.toString(),
                    "number 15 is past SCULL_IOC_MAXNR and 'K' is not scull's type: ENOTTY; 0x6b07 is QQUANTUM");
            assertEquals(0, s.sh("kldunload scull"));
        }
    }

    @Test
    void moduleParametersSetTheNumberOfDevicesTheMajorAndTheQuantum() {
        try (Shell s = new Shell()) {
            MemoryUsage before = MemoryUsage.of(s);
            assertEquals(0, s.sh("kldload scull scull_nr_devs=2 scull_major=200 scull_quantum=100 && ls /dev"
                    + " && grep scull /proc/devices && dd if=/dev/zero of=/dev/scull1 bs=1000 count=1 2>/dev/null"
                    + " && dd if=/dev/scull1 of=/dev/null bs=1000 2>&1 | head -n 1; kldunload scull"));
            assertEquals("console\tfull\tnull\tscull0\tscull1\tttyu0\tzero\n200 scull\n0+10 records in\n", s.transcript.toString());
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void theModuleCannotBeUnloadedWhileADeviceIsOpen() {
        try (Shell s = new Shell()) {
            s.put("/tmp/data", "z".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(0, s.sh("kldload scull && cat /tmp/data > /dev/scull3"));
            // cat fills the pipe and sleeps with /dev/scull3 open while the other side tries the unload.
            assertEquals(0, s.sh("cat /dev/scull3 | sh -c 'kldunload scull; wc -c'; kldunload scull"));
            assertEquals("kldunload: can't unload file: Device busy\n   65536\n", s.transcript.toString());
        }
    }
}
