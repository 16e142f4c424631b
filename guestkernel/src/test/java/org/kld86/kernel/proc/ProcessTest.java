package org.kld86.kernel.proc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;

class ProcessTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final StringBuilder tty = new StringBuilder();
    private final Terminal terminal = tty::append;

    ProcessTest() {
        kernel.procs().setExecutableReader(path -> switch (path) {
            case "/bin/hello" -> "#!program org.kld86.userland.test.Hello\n".getBytes(StandardCharsets.ISO_8859_1);
            case "/bin/poke" -> "#!program org.kld86.userland.test.Poke\n".getBytes(StandardCharsets.ISO_8859_1);
            case "/bin/garbage" -> "MZ not a program".getBytes(StandardCharsets.ISO_8859_1);
            default -> null;
        });
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** Runs a program as the host would (no parent), with the terminal on fds 0-2; returns its wait status. */
    private int run(String path, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(path));
        argv.addAll(List.of(args));
        int pid = kernel.procs().spawn(null, path, argv, List.of("HOME=/root", "PATH=/bin"), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(new File(new TerminalFile(terminal), null, File.FREAD | File.FWRITE, "/dev/console"));
            }
        }, Ucred.root(), terminal);
        assertTrue(pid > 0, "spawn: " + pid);
        return kernel.procs().waitDetached(kernel.procs().find(pid));
    }

    @Test
    void aProgramGetsItsArgumentsFromTheUserStackAndWritesThroughTheSyscallGate() {
        int status = run("/bin/hello", "world", "again");
        assertEquals("hello world again pid=1 home=/root\n", tty.toString());
        assertEquals(3 << 8, status, "exit code 3");
        assertEquals(2, run("/bin/hello") >> 8 == 3 ? 2 : 0, "a second process runs too");
    }

    @Test
    void aBadUserPointerGivesEfaultNotAPanic() {
        assertEquals(0, run("/bin/poke", "efault"));
        assertEquals("write returned -14\nwrite returned -14\n", tty.toString(),
                "a kernel address and an unmapped user address are both EFAULT");
    }

    @Test
    void touchingKernelMemoryFromUserModeIsSigsegvWithFreeBsdsMessage() {
        int mark = kernel.console().dmesg().length();
        assertEquals(ProcTable.SIGSEGV, run("/bin/poke", "kernel"));
        assertEquals("pid 1 (poke), jid 0, uid 0: exited on signal 11\n", kernel.console().dmesg().substring(mark));
        assertEquals(ProcTable.SIGSEGV, run("/bin/poke", "null"));
        assertEquals(ProcTable.SIGSEGV, run("/bin/poke", "text"), "text is read-only");
        assertEquals(0, run("/bin/hello") & 0x7F, "the kernel keeps running");
    }

    @Test
    void aProcessThatTouchesMoreMemoryThanTheMachineHasIsKilledByTheOomKillerAndItsPagesComeBack() {
        run("/bin/hello"); // process 1, init, is the one the out-of-memory killer spares
        kernel.malloc().uma().reclaim(); // the shrinkers empty the caches under pressure: start from empty ones
        long free = kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
        int mark = kernel.console().dmesg().length();
        tty.setLength(0);
        assertEquals(ProcTable.SIGKILL, run("/bin/poke", "hog"));
        assertEquals("mapped true\n", tty.toString(), "it never got to the end");
        assertEquals("pid 2 (poke), jid 0, uid 0, was killed: a thread waited too long to allocate a page\n",
                kernel.console().dmesg().substring(mark), "vm_pageout_oom's killproc message, and no core line");
        assertNull(kernel.panicked());
        kernel.malloc().uma().reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages(),
                "every page of the dead process came back");
        assertEquals(3 << 8, run("/bin/hello"), "and the next program runs");
    }

    @Test
    void theHeapGrowsOnDemandAndEveryPageIsFreedAtExit() {
        long free = kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
        assertEquals(0, run("/bin/poke", "heap"));
        assertEquals("heap ok 42\n", tty.toString());
        kernel.malloc().uma().reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages(),
                "stack, heap, text, page tables and directory all came back");
    }

    @Test
    void aMissingOrBadExecutableIsRefused() {
        assertEquals(-org.kld86.kpi.Errno.ENOENT, kernel.procs().spawn(null, "/bin/nope", List.of("nope"), List.of(), null, null, null));
        assertEquals(-org.kld86.kpi.Errno.ENOEXEC, kernel.procs().spawn(null, "/bin/garbage", List.of("x"), List.of(), null, null, null));
    }
}
