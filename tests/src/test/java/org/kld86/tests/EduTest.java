package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.dev.edu.EduDevice;
import org.kld86.kernel.intr.Interrupts;
import org.kld86.kpi.Ioccom;
import org.kld86.userland.test.Eductl;
import org.kld86.userland.test.Hold;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The edu driver (modules/edu) end to end on the default machine, whose edu device sits in PCI slot 3 with
 * BAR0 at 0xfe000000 and INTA on IRQ 11: loading, data through the device's DMA engine both ways, the factorial
 * ioctl, its interrupts, the refused unload while the device is open, and an unload that gives back every page.
 */
class EduTest {

    /** {@code n} seeded random bytes, the same for the same seed: data with no structure, so a shifted byte shows. */
    static byte[] pattern(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static EduDevice edu(DriverGuest g) {
        return g.machine.eduDevices().get(0);
    }

    /** Interrupts taken on the line whose handler is named edu0. */
    static long eduInterrupts(DriverGuest g) {
        return g.kernel.interrupts().sources().stream().filter(s -> s.name().contains("edu0"))
                .mapToLong(Interrupts.Source::count).sum();
    }

    @Test
    void kldloadPrintsTheProbeLineAndMakesARootOnlyDevice() {
        try (DriverGuest g = new DriverGuest()) {
            String out = g.ok("kldload edu && ls -l /dev/edu && vmstat -m | grep edu");
            assertTrue(out.matches("crw-------  1 root  wheel  0x[0-9a-f]+ Jan  1 00:00 /dev/edu\n"
                    + "          edu     1     4K       -        1  \n"), out);
            assertEquals("edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq 11 at device 3.0 on pci0\n",
                    g.ok("dmesg | grep edu"), "the one line newbus prints, and nothing from attach");
            assertEquals(1, g.sh("su user -c 'cat /dev/edu'"));
            assertEquals("cat: /dev/edu: Permission denied\n", g.take());
            assertTrue(edu(g).memorySpaceEnabled() && edu(g).busMasterEnabled(),
                    "memory decoding and bus mastering on");
        }
    }

    @Test
    void fourKibOfPatternGoesToTheDeviceAndComesBackIdentical() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] data = pattern(86, 4096);
            g.put("/tmp/pattern", data, 0644);
            g.ok("kldload edu");
            long dmaBefore = edu(g).dma().completedTransfers();
            long intrBefore = eduInterrupts(g);

            String out = g.ok("cp /tmp/pattern /dev/edu && cp /dev/edu /tmp/back && cmp /tmp/pattern /tmp/back"
                    + " && sha256 -q /tmp/back");
            assertEquals(sha256(data) + "\n", out);
            assertArrayEquals(data, g.get("/tmp/back"));
            assertArrayEquals(data, edu(g).dma().buffer(), "the bytes are in the device's own buffer");
            assertEquals(2, edu(g).dma().completedTransfers() - dmaBefore,
                    "one transfer each way; the read at the end of the buffer is end of file without DMA");
            assertEquals(2, eduInterrupts(g) - intrBefore, "one completion interrupt per transfer");
            assertEquals(0, edu(g).irqStatus(), "the filter acknowledged every interrupt");
        }
    }

    @Test
    void writesLandAtTheirOffsetInTheDevicesBuffer() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] a = pattern(1, 1000);
            byte[] b = pattern(2, 1000);
            g.put("/tmp/a", a, 0644);
            g.put("/tmp/b", b, 0644);
            // Both writes go through the start of the one DMA page: only the device puts b at 2000.
            g.ok("kldload edu && dd if=/tmp/a of=/dev/edu bs=1000 2>/dev/null"
                    + " && dd if=/tmp/b of=/dev/edu bs=1000 seek=2 2>/dev/null"
                    + " && dd if=/dev/edu of=/tmp/all bs=4096 2>/dev/null"
                    + " && dd if=/dev/edu of=/tmp/part bs=500 skip=5 count=1 2>/dev/null");
            byte[] expected = new byte[4096];
            System.arraycopy(a, 0, expected, 0, 1000);
            System.arraycopy(b, 0, expected, 2000, 1000);
            assertArrayEquals(expected, g.get("/tmp/all"));
            assertArrayEquals(Arrays.copyOfRange(expected, 2500, 3000), g.get("/tmp/part"));
        }
    }

    @Test
    void pastTheBufferAReadIsEndOfFileAndAWriteIsEnospc() {
        try (DriverGuest g = new DriverGuest()) {
            byte[] big = pattern(3, 6000);
            g.put("/tmp/big", big, 0644);
            g.ok("kldload edu");
            assertEquals(1, g.sh("cp /tmp/big /dev/edu"));
            assertEquals("cp: /dev/edu: No space left on device\n", g.take(), "4096 bytes taken, then ENOSPC");
            assertArrayEquals(Arrays.copyOf(big, 4096), edu(g).dma().buffer());
            assertEquals("0+0 records in\n0+0 records out\n",
                    g.ok("dd if=/dev/edu of=/tmp/eof bs=512 skip=8 2>&1 | head -2"), "end of file at 4096");
            assertEquals(0, g.get("/tmp/eof").length);
            assertEquals("4+0 records in\n4+0 records out\n",
                    g.ok("dd if=/dev/edu of=/tmp/all bs=1024 2>&1 | head -2"), "four full blocks, then end of file");
            assertArrayEquals(Arrays.copyOf(big, 4096), g.get("/tmp/all"));
        }
    }

    @Test
    void theFactorialIoctlAsksTheDeviceAndWaitsForItsInterrupt() {
        try (DriverGuest g = new DriverGuest()) {
            g.install(Eductl.class).ok("kldload edu");
            long intrBefore = eduInterrupts(g);
            assertEquals("10! = 3628800\n12! = 479001600\n0! = 1\n13! = 1932053504\n",
                    g.ok("eductl fact 10 12 0 13"), "13! = 6227020800 wraps modulo 2^32");
            assertEquals(4, eduInterrupts(g) - intrBefore, "one interrupt per factorial");
            assertEquals(1, g.sh("eductl bogus"));
            assertEquals("eductl: ioctl: Inappropriate ioctl for device\n", g.take());
        }
    }

    @Test
    void theIoctlNumberIsTheSameInTheDriverTheProgramAndIoccom() throws IOException {
        long driver = driverConstant("edu/EduIoctl.class", "EDU_IOC_FACTORIAL");
        assertEquals(Ioccom._IOWR('E', 1, int.class), driver, "_IOWR('E', 1, uint32_t)");
        assertEquals(driver, Eductl.EDU_IOC_FACTORIAL);
        assertEquals(0xc0044501L, driver);
    }

    @Test
    void kldunloadIsRefusedWhileAProcessHoldsTheDeviceOpen() {
        try (DriverGuest g = new DriverGuest()) {
            g.install(Hold.class).ok("kldload edu");
            assertEquals(1, g.sh("hold /dev/edu kldunload edu"));
            assertEquals("kldunload: can't unload file: Device busy\n", g.take());
            assertEquals("1\n", g.ok("kldstat | grep -c edu.ko"), "still loaded");
            assertEquals("", g.ok("hold /dev/edu true && kldunload edu"), "free once the holder closed it");
            assertEquals(1, g.sh("ls /dev/edu"));
            g.take();
            // -f overrides MOD_QUIESCE's refusal; destroy_dev leaves the holder a dead descriptor, not a crash.
            assertEquals("", g.ok("kldload edu && hold /dev/edu kldunload -f edu && kldstat | grep edu; true"));
        }
    }

    @Test
    void kldunloadGivesBackEveryPageAndTheMallocType() {
        try (DriverGuest g = new DriverGuest()) {
            g.put("/tmp/pattern", pattern(4, 4096), 0644);
            g.ok("true");
            long free = g.freePages();
            g.ok("kldload edu && cp /tmp/pattern /dev/edu && cat /dev/edu > /dev/null");
            assertTrue(g.freePages() < free, "the driver holds pages while loaded");
            g.ok("kldunload edu");
            assertEquals(free, g.freePages(), "every page back");
            assertEquals("", g.ok("vmstat -m | grep edu; ls /dev | grep edu; true"), "the type and the device gone");
            assertFalse(edu(g).busMasterEnabled(), "bus mastering off");
            // A second load finds everything as the first did.
            assertEquals("edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq 11 at device 3.0 on pci0\n"
                    + "edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq 11 at device 3.0 on pci0\n",
                    g.ok("kldload edu && dmesg | grep edu0"));
        }
    }

    @Test
    void withoutTheDeviceKldloadFailsAndLeavesNothingBehind() {
        MachineConfig bare = MachineConfig.builder().clearDevices().device("uart").build();
        try (DriverGuest g = new DriverGuest(bare)) {
            g.allow("module_register_init: MOD_LOAD \\(edu, 0x[0-9a-f]+, 0\\) error 6");
            assertEquals(1, g.sh("kldload edu"));
            assertEquals(
                    "kldload: an error occurred while loading module edu. Please check dmesg(8) for more details.\n",
                    g.take());
            assertTrue(g.dmesg().matches("(?s).*module_register_init: MOD_LOAD \\(edu, 0x[0-9a-f]+, 0\\) error 6\n"),
                    "ENXIO: " + g.dmesg());
            assertFalse(g.dmesg().contains("edu0"), "no device, so no probe line");
            assertEquals("", g.ok("kldstat | grep edu; vmstat -m | grep edu; ls /dev | grep edu; true"));
        }
    }

    // -------------------------------------------------------------------------------------------------------------

    /** The ConstantValue of a static final field of a driver class, read from the built .ko without loading it. */
    static long driverConstant(String classFile, String field) throws IOException {
        Path ko = Path.of("..", "modules", "edu", "target", "edu.ko");
        try (JarFile jar = new JarFile(ko.toFile()); InputStream in = jar.getInputStream(jar.getEntry(classFile))) {
            long[] value = {0};
            boolean[] found = {false};
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String desc, String sig, Object v) {
                    if (name.equals(field) && v instanceof Long l) {
                        value[0] = l;
                        found[0] = true;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            assertTrue(found[0], field + " is a compile-time constant of " + classFile);
            return value[0];
        }
    }

    static String sha256(byte[] data) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte x : java.security.MessageDigest.getInstance("SHA-256").digest(data)) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
