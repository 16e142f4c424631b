package org.kld86.emulator;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.dev.edu.EduDevice;
import org.kld86.emulator.dev.pci.ConfigMechanism1;
import org.kld86.emulator.memory.MmioWindow;

/** The default machine, wired: every device reachable the way a kernel reaches it. */
class MachineTest {

    private final Machine m = new Machine(MachineConfig.defaults());
    private final Cpu cpu = m.cpu();

    /**
     * Programs the PIC pair like every PC kernel: vectors 0x20/0x28, cascade on IRQ 2, all unmasked but IRQ 0.
     * The PIT runs from reset (18.2 Hz), and an IRQ 0 left in service with no EOI would block every lower
     * priority IRQ, as on a real 8259; tests of other devices keep it masked.
     */
    private void initPic() {
        initPic(0x01);
    }

    private void initPic(int masterMask) {
        cpu.out8(0x20, 0x11);
        cpu.out8(0x21, 0x20);
        cpu.out8(0x21, 0x04);
        cpu.out8(0x21, 0x01);
        cpu.out8(0xA0, 0x11);
        cpu.out8(0xA1, 0x28);
        cpu.out8(0xA1, 0x02);
        cpu.out8(0xA1, 0x01);
        cpu.out8(0x21, masterMask);
        cpu.out8(0xA1, 0x00);
    }

    private int configRead(int slot, int reg) {
        cpu.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, reg));
        return cpu.in32(0xCFC);
    }

    @Test
    void theTimerReachesAnIdtGateThroughThePic() {
        initPic(0x00);
        List<Long> ticks = new ArrayList<>();
        cpu.setGate(0x20, (v, e) -> {
            ticks.add(m.clock().now());
            cpu.out8(0x20, 0x20);
        });
        cpu.out8(0x43, 0x34); // counter 0, lobyte/hibyte, mode 2
        cpu.out8(0x40, 11932 & 0xFF);
        cpu.out8(0x40, 11932 >> 8);
        cpu.setInterruptsEnabled(true);
        while (ticks.size() < 3) {
            assertTrue(cpu.idle());
        }
        assertEquals(3, ticks.size());
        long period = ticks.get(2) - ticks.get(1);
        assertTrue(period >= 10_000_150 && period <= 10_000_151, "100 Hz at 1193182 Hz: " + period);
    }

    @Test
    void theConsoleUartSendsToTheHost() {
        StringBuilder out = new StringBuilder();
        m.setConsoleOutput(b -> out.append((char) b));
        for (char c : "login: ".toCharArray()) {
            cpu.out8(0x3F8, c);
        }
        assertEquals("login: ", out.toString());
        assertSame(m.uarts().get(0), m.console());
    }

    @Test
    void eduIsOnPciWithItsBarPlacedAndItsIrqRoutedLevelTriggered() {
        assertEquals(0x11E81234, configRead(3, 0x00));
        assertEquals(0x12378086, configRead(0, 0x00), "the i440FX host bridge");
        assertEquals(-1, configRead(5, 0x00), "an empty slot");
        int bar0 = configRead(3, 0x10) & 0xFFFFFFF0;
        assertEquals(Machine.PCI_MMIO_BASE, Integer.toUnsignedLong(bar0));
        assertEquals(11, configRead(3, 0x3C) & 0xFF, "slot 3 INTA -> PIRQD -> IRQ 11");
        assertEquals(0x08, cpu.in8(0x4D1), "IRQ 11 is level-triggered in the ELCR");
        assertEquals(0x010000ED, m.memory().read32(Integer.toUnsignedLong(bar0)));
    }

    @Test
    void eduDmaMovesBytesAndItsCompletionInterruptArrives() {
        initPic();
        EduDevice edu = m.eduDevices().get(0);
        MmioWindow bar = edu.barWindow(0);
        long base = bar.base();
        // Bus Master Enable, then RAM -> device -> RAM through the device buffer.
        cpu.out32(0xCF8, ConfigMechanism1.address(0, 3, 0, 0x04));
        cpu.out32(0xCFC, cpu.in32(0xCFC) | 0x6);
        m.memory().write(0x10000, "hello edu".getBytes(), 0, 9);
        List<String> log = new ArrayList<>();
        cpu.setGate(0x28 + 3, (v, e) -> {
            int status = (int) m.memory().read32(base + 0x24);
            log.add("irq status 0x" + Integer.toHexString(status) + " at " + m.clock().now());
            m.memory().write32(base + 0x64, status);
            cpu.out8(0xA0, 0x20);
            cpu.out8(0x20, 0x20);
        });
        m.memory().write64(base + 0x80, 0x10000);
        m.memory().write64(base + 0x88, 0x40000);
        m.memory().write64(base + 0x90, 9);
        m.memory().write64(base + 0x98, 0x1 | 0x4);
        cpu.setInterruptsEnabled(true);
        while (log.isEmpty()) {
            assertTrue(cpu.idle());
        }
        assertEquals(List.of("irq status 0x100 at 100000000"), log, "100 ms of virtual time at 1 GHz");
        m.memory().write64(base + 0x80, 0x40000);
        m.memory().write64(base + 0x88, 0x20000);
        m.memory().write64(base + 0x98, 0x1 | 0x2 | 0x4);
        while (log.size() < 2) {
            assertTrue(cpu.idle());
        }
        byte[] back = new byte[9];
        m.memory().read(0x20000, back, 0, 9);
        assertEquals("hello edu", new String(back));
    }

    @Test
    void theIsaStreamDeviceCapturesThroughTheDmaController() {
        initPic();
        m.isaStreams().get(0).feed(new byte[] {1, 2, 3, 4});
        List<Long> irqs = new ArrayList<>();
        cpu.setGate(0x25, (v, e) -> {
            irqs.add(m.clock().now());
            cpu.out8(0x301, 0xFF); // acknowledge
            cpu.out8(0x20, 0x20);
        });
        // isa_dmastart() for channel 1, write transfer (device -> memory), 4 bytes at 0x23000.
        cpu.out8(0x0B, 0x45); // single mode, write, channel 1
        cpu.out8(0x0C, 0);
        cpu.out8(0x02, 0x00);
        cpu.out8(0x02, 0x30);
        cpu.out8(0x83, 0x02);
        cpu.out8(0x03, 3);
        cpu.out8(0x03, 0);
        cpu.out8(0x0A, 0x01); // unmask channel 1
        cpu.out32(0x304, 4);
        cpu.out8(0x302, 1); // capture
        cpu.setInterruptsEnabled(true);
        while (irqs.isEmpty()) {
            assertTrue(cpu.idle());
        }
        assertEquals(List.of(4000L), irqs, "4 bytes at 1 us a byte");
        assertEquals(0x04030201, m.memory().read32(0x23000));
    }

    @Test
    void describeListsEveryDevice() {
        String d = m.describe();
        assertTrue(d.contains("16550A UART COM1   ports 0x3f8-0x3ff, IRQ 4 (console)"), d);
        assertTrue(d.contains("ISA stream device   ports 0x300-0x307, IRQ 5, DMA channel 1"), d);
        assertTrue(d.contains("edu                 00:03.0 1234:11e8, BAR0 [mem 0xfe000000-0xfe0fffff], IRQ 11"), d);
    }

    @Test
    void conflictingDevicesAreRefused() {
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> new Machine(
                MachineConfig.builder().clearDevices().device("uart,irq=5").device("isastream").build()));
        assertTrue(e.getMessage().contains("wants IRQ 5, which uart at 0x3f8 already uses"), e.getMessage());
        e = assertThrows(MachineConfigException.class, () -> new Machine(
                MachineConfig.builder().clearDevices().device("uart").device("uart").build()));
        assertTrue(e.getMessage().contains("already"), e.getMessage());
        e = assertThrows(MachineConfigException.class, () -> new Machine(
                MachineConfig.builder().clearDevices().device("uart,irq=11").device("edu").build()));
        assertTrue(e.getMessage().contains("IRQ 11 is routed to PCI device 00:03.0"), e.getMessage());
        e = assertThrows(MachineConfigException.class, () -> new Machine(
                MachineConfig.builder().clearDevices().device("edu,slot=4").device("edu,slot=4").build()));
        assertTrue(e.getMessage().contains("slot 4 is already taken"), e.getMessage());
    }

    @Test
    void twoEduDevicesGetTheirOwnBarsAndLinks() {
        Machine two = new Machine(MachineConfig.builder().clearDevices().device("edu").device("edu").build());
        List<EduDevice> edus = two.eduDevices();
        assertEquals(2, edus.size());
        assertNotEquals(edus.get(0).barWindow(0).base(), edus.get(1).barWindow(0).base());
        assertEquals(11, Machine.pciIrq(edus.get(0).slot(), 1));
        assertEquals(10, Machine.pciIrq(edus.get(1).slot(), 1));
    }

    @Test
    void theSameDeviceScriptTwiceGivesTheSameRun() {
        assertEquals(script(), script());
    }

    private static List<String> script() {
        Machine mm = new Machine(MachineConfig.defaults());
        List<String> events = new ArrayList<>();
        Cpu c = mm.cpu();
        c.out8(0x20, 0x11);
        c.out8(0x21, 0x20);
        c.out8(0x21, 0x04);
        c.out8(0x21, 0x01);
        c.out8(0xA0, 0x11);
        c.out8(0xA1, 0x28);
        c.out8(0xA1, 0x02);
        c.out8(0xA1, 0x01);
        for (int v = 0x20; v < 0x30; v++) {
            int vector = v;
            c.setGate(v, (vv, e) -> {
                events.add(vector + "@" + mm.clock().now());
                if (vector >= 0x28) {
                    c.out8(0xA0, 0x20);
                }
                c.out8(0x20, 0x20);
                if (vector == 0x28 + 3) {
                    long base = mm.eduDevices().get(0).barWindow(0).base();
                    mm.memory().write32(base + 0x64, (int) mm.memory().read32(base + 0x24));
                }
            });
        }
        long base = mm.eduDevices().get(0).barWindow(0).base();
        mm.memory().write32(base + 0x20, 0x80);
        mm.memory().write32(base + 0x08, 10);
        c.out8(0x43, 0x34);
        c.out8(0x40, 0xFF);
        c.out8(0x40, 0x20);
        c.setInterruptsEnabled(true);
        for (int i = 0; i < 40; i++) {
            c.safepoint(250_000);
        }
        events.add("factorial=" + mm.memory().read32(base + 0x08));
        events.add("end@" + mm.clock().now());
        return events;
    }
}
