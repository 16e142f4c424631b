package org.kld86.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;

class KernelTest {

    private final StringBuilder serial = new StringBuilder();
    private final Machine machine = new Machine(MachineConfig.defaults());
    private Kernel kernel;

    KernelTest() {
        machine.setConsoleOutput(b -> serial.append((char) b));
        kernel = Kernel.boot(machine, KernelOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void bootPrintsTheBannerAndMemoryOnTheSerialConsoleAndInDmesg() {
        assertTrue(serial.toString().startsWith("Copyright (c) 2026 The kld86 Project.\nkld86 0.1.0 (GENERIC) i386\n"), serial.toString());
        assertTrue(serial.toString().contains("real memory  = 67108864 (64 MB)\n"));
        assertTrue(serial.toString().contains("avail memory = "));
        assertEquals(serial.toString().replace("\r\n", "\n"), kernel.console().dmesg(),
                "the wire has what dmesg has, with CR NL once the console tty is attached");
        assertSame(kernel, Kernel.current());
    }

    @Test
    void aKernelModeNullDereferencePrintsFatalTrap12AndPanics() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.memory().read32(0));
        assertEquals("page fault", p.getMessage());
        String r = p.report();
        assertTrue(r.contains("Fatal trap 12: page fault while in kernel mode\n"), r);
        assertTrue(r.contains("fault virtual address\t= 0x0\n"), r);
        assertTrue(r.contains("fault code\t\t= supervisor read data, page not present\n"), r);
        assertTrue(r.contains("instruction pointer\t= 0x20:org.kld86.kernel.KernelTest"), r);
        assertTrue(r.contains("trap number\t\t= 12\n"), r);
        assertTrue(r.contains("panic: page fault\n"), r);
        assertSame(p, kernel.panicked());
    }

    @Test
    void aWriteToAnUnmappedKernelAddressReportsTheAddressAndAWrite() {
        long va = kernel.vm().layout().vmallocStart() + 0x123;
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.memory().write8(va, 1));
        assertTrue(p.report().contains(String.format("fault virtual address\t= 0x%x\n", va)), p.report());
        assertTrue(p.report().contains("supervisor write data, page not present"), p.report());
    }

    @Test
    void aSecondPanicDoesNotOverwriteTheFirst() {
        KernelPanic first = assertThrows(KernelPanic.class, () -> kernel.panic("free: bad %s", "thing"));
        assertEquals("free: bad thing", first.getMessage());
        KernelPanic again = assertThrows(KernelPanic.class, () -> kernel.panic("other"));
        assertSame(first, again);
    }

    @Test
    void sysctlsDescribeTheMachine() {
        assertEquals(67108864L, ((org.kld86.kernel.sysctl.Sysctl.LongNode) kernel.sysctl().lookup("hw.physmem")).getter().getAsLong());
        assertEquals("i386", ((org.kld86.kernel.sysctl.Sysctl.StringNode) kernel.sysctl().lookup("hw.machine")).getter().get());
        assertTrue(kernel.sysctl().subtree("kern").containsKey("kern.hz"));
        assertFalse(kernel.sysctl().subtree("kern").containsKey("hw.machine"));
    }

    @Test
    void unameSysctlsNameTheSystemAndVersionIsTheBootBanner() {
        java.util.function.Function<String, String> str =
                n -> ((org.kld86.kernel.sysctl.Sysctl.StringNode) kernel.sysctl().lookup(n)).getter().get();
        assertEquals("kld86", str.apply("kern.ostype"));
        assertEquals("kld86", str.apply("kern.hostname"));
        assertEquals("GENERIC", str.apply("kern.ident"));
        assertEquals("i386", str.apply("hw.machine_arch"));
        assertEquals("kld86 0.1.0 (GENERIC) i386\n", str.apply("kern.version"));
        assertTrue(kernel.console().dmesg().contains("\nkld86 0.1.0 (GENERIC) i386\n"), kernel.console().dmesg());
    }

    @Test
    void kernelOptionsParseLikeAConfigFile() {
        assertEquals(KernelOptions.defaults(), KernelOptions.parse(""));
        KernelOptions o = KernelOptions.parse("-INVARIANTS,DIAGNOSTIC,MALLOC_MAKE_FAILURES");
        assertFalse(o.invariants());
        assertTrue(o.diagnostic());
        assertTrue(o.mallocMakeFailures());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelOptions.parse("WITNESS"));
        assertTrue(e.getMessage().contains("unknown kernel option 'WITNESS'"));
    }
}
