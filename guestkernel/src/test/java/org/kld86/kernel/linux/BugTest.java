package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class BugTest {

    private final Machine machine = new Machine(MachineConfig.builder().ram("16M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Bug bug = new Bug(kernel);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private String since(int mark) {
        return kernel.console().dmesg().substring(mark);
    }

    @Test
    void theSiteIsTheCallersFileRelativeToOrgKld86ItsLineAndMethod() {
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Bug.Site s = Bug.site();
        assertEquals(new Bug.Site("kernel/linux/BugTest.java", line, "theSiteIsTheCallersFileRelativeToOrgKld86ItsLineAndMethod"), s);
    }

    @Test
    void warnPrintsTheBlockWithItsMessageAndTheKernelCarriesOn() {
        int mark = kernel.console().dmesg().length();
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        bug.warn("Trying to vfree() bad address (%08x)%n", 0xc4800123L);
        assertEquals("------------[ cut here ]------------\n"
                + "WARNING: at kernel/linux/BugTest.java:" + line + " warnPrintsTheBlockWithItsMessageAndTheKernelCarriesOn()\n"
                + "Trying to vfree() bad address (c4800123)\n"
                + "---[ end trace 0000000000000000 ]---\n", since(mark));
        assertNull(kernel.panicked());
    }

    @Test
    void warnOnOnceFiresOncePerCallSiteAndOnlyWhenTheConditionHolds() {
        int mark = kernel.console().dmesg().length();
        for (int i = 0; i < 3; i++) {
            assertEquals(i > 0, bug.warnOnOnce(i > 0));
        }
        String out = since(mark);
        assertEquals(1, out.split("WARNING: at", -1).length - 1, out);
        assertFalse(out.contains("\n\n"));
        bug.warnOnOnce(true); // another call site
        assertEquals(2, since(mark).split("WARNING: at", -1).length - 1);
    }

    @Test
    void warnOncePrintsItsMessageOnce() {
        int mark = kernel.console().dmesg().length();
        for (int i = 0; i < 2; i++) {
            bug.warnOnce(true, "ioremap on RAM pfn 0x%x%n", 0x400);
        }
        assertEquals(1, since(mark).split("ioremap on RAM pfn 0x400\n", -1).length - 1, since(mark));
    }

    @Test
    void bugPrintsKernelBugAtTheSiteAndPanics() {
        int mark = kernel.console().dmesg().length();
        KernelPanic p = assertThrows(KernelPanic.class, () -> {
            throw bug.bug("kunmap_high: unbalanced kunmap of %s", "page pfn:01000");
        });
        assertEquals("kunmap_high: unbalanced kunmap of page pfn:01000", p.getMessage());
        assertTrue(since(mark).matches("(?s)------------\\[ cut here \\]------------\n"
                + "kernel BUG at kernel/linux/BugTest.java:\\d+!\npanic: kunmap_high: .*"), since(mark));
    }

    @Test
    void mightSleepIsQuietOutsideInterruptsAndFatalInside() {
        int mark = kernel.console().dmesg().length();
        bug.mightSleep();
        assertEquals("", since(mark));
        KernelPanic p = assertThrows(KernelPanic.class, () -> PageAllocTest.inInterrupt(machine, bug::mightSleep));
        assertTrue(p.getMessage().startsWith("BUG: sleeping function called from invalid context at kernel/linux/"),
                p.getMessage());
        assertTrue(since(mark).startsWith(p.getMessage() + "\nin_atomic(): 1, irqs_disabled(): 1, pid: "), since(mark));
    }

    @Test
    void warnOnFiresEveryTimeTheConditionHolds() {
        int mark = kernel.console().dmesg().length();
        for (int i = 0; i < 3; i++) {
            assertEquals(i != 1, bug.warnOn(i != 1));
        }
        String out = since(mark);
        assertEquals(2, out.split("WARNING: at kernel/linux/BugTest.java:", -1).length - 1, out);
    }

    @Test
    void dumpStackPrintsTheTaskLineAndTheFramesUpToTheFirstOutsideTheLinuxApi() {
        int mark = kernel.console().dmesg().length();
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        bug.dumpStack();
        var t = kernel.scheduler().current();
        assertEquals("CPU: 0 PID: " + t.tid() + " Comm: " + t.name() + " Not tainted 0.1.0 #1\n"
                + "Call Trace:\n"
                + " [<kernel/linux/BugTest.java:" + line + ">] dumpStackPrintsTheTaskLineAndTheFramesUpToTheFirstOutsideTheLinuxApi()\n",
                since(mark), "the test's caller, JUnit, is not printed");
    }
}
