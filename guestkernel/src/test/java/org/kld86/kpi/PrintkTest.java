package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class PrintkTest {

    private final StringBuilder serial = new StringBuilder();
    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel;

    PrintkTest() {
        machine.setConsoleOutput(b -> serial.append((char) b));
        kernel = Kernel.boot(machine, KernelOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theLevelIsStrippedAndDebugStaysOffTheConsole() {
        int before = serial.length();
        int mark = kernel.console().dmesg().length();
        assertEquals(15, Printk.printk(Printk.KERN_INFO + "scullp: %d devs\n", 4), "the text without its level");
        Printk.pr_debug("quiet %s\n", "one");
        Printk.printk("plain\n");
        assertEquals("scullp: 4 devs\nquiet one\nplain\n", kernel.console().dmesg().substring(mark));
        assertEquals("scullp: 4 devs\r\nplain\r\n", serial.substring(before), "the console tty sends CR NL");
    }

    @Test
    void percentPDiffersBetweenFreeBsdAndLinux() {
        int mark = kernel.console().dmesg().length();
        Printk.printk("  item at %p, qset at %p\n", 0xccf80e00L, 0xcf7b9800L);
        Systm.printf("%p %p\n", 0xc0400000L, 0L);
        assertEquals("  item at ccf80e00, qset at cf7b9800\n0xc0400000 0x0\n", kernel.console().dmesg().substring(mark));
    }

    @Test
    void tunablesComeFromKenv() {
        assertEquals(0, Kern.TUNABLE_INT_FETCH("hw.scullp.order", 0));
        kernel.kenv().set("hw.scullp.order", "2");
        kernel.kenv().set("hw.scullp.qset", "0x1f4");
        kernel.kenv().set("hw.scullp.size", "4k");
        kernel.kenv().set("hw.scullp.bad", "two");
        assertEquals(2, Kern.TUNABLE_INT_FETCH("hw.scullp.order", 0));
        assertEquals(500, Kern.TUNABLE_INT_FETCH("hw.scullp.qset", 0));
        assertEquals(4096, Kern.TUNABLE_QUAD_FETCH("hw.scullp.size", 0));
        assertEquals(7, Kern.TUNABLE_INT_FETCH("hw.scullp.bad", 7), "not a number: the default stands");
        assertEquals(Errno.EINVAL, kernel.kenv().set("a=b", "c"));
        assertTrue(Kern.testenv("hw.scullp.order"));
    }
}
