package org.kld86.kernel;

import org.kld86.emulator.Machine;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.mmu.PageFault;
import org.kld86.emulator.mmu.PagingBits;
import org.kld86.kernel.console.Console;
import org.kld86.kernel.intr.Interrupts;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.linux.LinuxMemory;
import org.kld86.kernel.malloc.Malloc;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Scheduler;
import org.kld86.kernel.syscall.SyscallTable;
import org.kld86.kernel.vm.UserAccess;
import org.kld86.kernel.sync.Callouts;
import org.kld86.kernel.sync.CriticalSections;
import org.kld86.kernel.sync.Synch;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.tty.ConsoleTty;
import org.kld86.kernel.tty.DeviceNodes;
import org.kld86.kernel.vm.KernelMemory;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Vm;
import org.kld86.kernel.vm.VmLayout;

/**
 * The guest kernel: boots on a {@link Machine} and holds its subsystems.
 *
 * <p>Boot, in order: the console; the VM system (page allocator, kernel page tables, paging on); the scheduler,
 * adopting the booting host thread as thread0; the interrupt controllers (the 8259 pair remapped to vectors
 * 0x20-0x2F, every line masked until a driver asks for it) and the trap gates; the timer stopped, since this
 * kernel is tickless and arms a one-shot only when something waits for time; then interrupts on; then interrupt
 * dispatch for drivers, the callouts, and the console terminal on COM1, which takes over console output.
 *
 * <p>Kernel code finds its kernel through {@link #current()}, bound to every guest thread. A broken invariant
 * is {@link #panic}: the message is printed as FreeBSD prints it, every other guest thread is stopped, and a
 * {@link KernelPanic} unwinds the caller to the host.
 */
public final class Kernel {

    /** The first vector of the master 8259 after the kernel remaps it (FreeBSD's IDT_IO_INTS). */
    public static final int IRQ_VECTOR_BASE = 0x20;
    /** kern.hz: the rate tsleep(9) timeouts are counted in. */
    public static final int HZ = 1000;
    public static final String OSTYPE = "kld86";
    public static final String OSRELEASE = "0.1.0";
    /** kern.ident: the kernel configuration's name. */
    public static final String IDENT = "GENERIC";
    /** hw.machine and hw.machine_arch. */
    public static final String MACHINE = "i386";
    /**
     * kern.version: the line the kernel prints at boot and its newline, as FreeBSD's version[] is both the banner
     * and the node (uname -v turns the newline into a space).
     */
    public static final String VERSION = OSTYPE + " " + OSRELEASE + " (" + IDENT + ") " + MACHINE + "\n";
    /**
     * kern.hostname: the name uname -n prints. FreeBSD's is empty until rc.conf sets it; this machine has no rc, so
     * the kernel starts with the name of the system.
     */
    public static final String HOSTNAME = "kld86";

    private static final ThreadLocal<Kernel> CURRENT = new ThreadLocal<>();

    /** The last (host thread, kernel) pair looked up: KPI calls come in runs from one thread. */
    private record Binding(Thread thread, Kernel kernel) {
    }

    /**
     * Not volatile on purpose: a Binding is immutable (final fields), so any thread that reads one sees it whole,
     * and one that reads a stale one finds another thread's name in it and takes the slow path. A volatile read
     * here would keep the JIT from sharing the lookup between the KPI calls of one driver method.
     */
    private static Binding last = new Binding(null, null);

    private final Machine machine;
    /** machine.cpu(), at hand for {@link #inInterrupt}, which every allocation that may sleep asks. */
    private final Cpu cpu;
    private final KernelOptions options;
    private final Console console;
    private final Vm vm;
    private final KernelMemory memory;
    private final Scheduler scheduler;
    private final PageRequests pageRequests;
    private final Malloc malloc;
    private final LinuxMemory linux;
    private final org.kld86.kernel.vfs.Vfs vfs;
    private final org.kld86.kernel.procfs.Procfs procfs;
    private final org.kld86.kernel.dev.Devices devices;
    private final Sysctl sysctl = new Sysctl();
    private final org.kld86.kernel.sysctl.DynamicOids dynamicOids =
            new org.kld86.kernel.sysctl.DynamicOids(this, sysctl);
    private final Kenv kenv = new Kenv();
    private Linker linker;
    private UserAccess userAccess;
    private ProcTable procs;
    private SyscallTable syscalls;
    private org.kld86.kernel.kld.Userland userland;
    private org.kld86.kernel.fs.FileSystem fileSystem;
    private volatile boolean halted;
    private java.util.function.Consumer<String> terminal;
    private volatile KernelPanic panic;
    private Synch synch;
    private CriticalSections criticalSections;
    private Callouts callouts;
    private Interrupts interrupts;
    private DeviceNodes deviceNodes;
    private ConsoleTty consoleTty;
    private org.kld86.kernel.bus.Buses buses;

    private Kernel(Machine machine, KernelOptions options) {
        this.machine = machine;
        this.cpu = machine.cpu();
        this.options = options;
        this.console = new Console(machine.clock()::nanos);
        if (machine.console() != null) {
            cpu.out8(0x3F8 + 3, 0x03); // LCR: 8 data bits, no parity, 1 stop bit
            console.attach(c -> cpu.out8(0x3F8, c));
        }
        long ramBytes = machine.config().ramBytes();
        console.printf("Copyright (c) 2026 The kld86 Project.%n");
        console.printf("%s", VERSION);
        if (!options.toString().isEmpty()) {
            console.printf("options: %s%n", options);
        }
        this.vm = Vm.boot(machine.memory(), machine.mmu());
        this.memory = new KernelMemory(machine.mmu());
        memory.setCharge(cpu::safepoint);
        this.scheduler = new Scheduler(cpu, machine.clock(), new SchedulerHooks(), "swapper");
        this.pageRequests = new PageRequests(vm, machine.memory(), scheduler);
        this.vfs = new org.kld86.kernel.vfs.Vfs(this);
        this.procfs = new org.kld86.kernel.procfs.Procfs(this, vfs.newFsid());
        this.devices = new org.kld86.kernel.dev.Devices(this, vfs.newFsid());
        vfs.mount("/dev", devices.devfs().mount());
        vfs.mount("/proc", procfs.mount());
        this.malloc = new Malloc(this);
        this.linux = new LinuxMemory(this);
        procfs.register("buddyinfo", linux.proc()::buddyinfo);
        procfs.register("vmallocinfo", 0400, linux.proc()::vmallocinfo);
        procfs.register("meminfo", linux.proc()::meminfo);
        procfs.register("devices", devices.chrdevs()::procDevices);
        console.printf("real memory  = %d (%d MB)%n", ramBytes, ramBytes >> 20);
        long avail = vm.allocator().totalFreePages() * VmLayout.PAGE_SIZE;
        console.printf("avail memory = %d (%d MB)%n", avail, avail >> 20);
        vm.allocator().setBadPageReporter((pfn, why) ->
                console.printf("BUG: Bad page state in process %s  pfn:%05x%n%s%n", scheduler.current().name(), pfn, why));
        pageRequests.setWarning((order, mode) -> console.printf(
                "%s: page allocation failure: order:%d, mode:%#x%n", scheduler.current().name(), order, mode));
        this.userAccess = new UserAccess(memory, scheduler);
        this.procs = new ProcTable(this);
        pageRequests.setOomKiller(procs::oomKill, ticksToCycles(HZ)); // a second with nothing freed: kill
        initInterrupts();
        this.synch = new Synch(this);
        this.criticalSections = new CriticalSections(this);
        this.callouts = new Callouts(this);
        this.interrupts = new Interrupts(this);
        this.buses = new org.kld86.kernel.bus.Buses(this);
        // The console tty makes /dev/console and /dev/ttyu0 in devfs.
        this.deviceNodes = new org.kld86.kernel.dev.DevfsDeviceNodes(this);
        this.consoleTty = machine.console() != null ? ConsoleTty.attach(this, deviceNodes) : null;
        this.syscalls = new SyscallTable(this);
        org.kld86.kernel.syscall.ProcSyscalls.register(this, syscalls);
        org.kld86.kernel.syscall.FileSyscalls.register(this, syscalls);
        org.kld86.kernel.syscall.SysctlSyscalls.register(this, syscalls);
        org.kld86.kernel.syscall.VfsSyscalls.register(this, syscalls);
        org.kld86.kernel.syscall.TimeSyscalls.register(this, syscalls);
        declareSysctls();
        org.kld86.kernel.sysctl.StatsSysctls.register(this);
        org.kld86.kernel.sysctl.ProcSysctls.register(this);
    }

    /**
     * Boots a kernel on {@code machine}, on the calling host thread, which becomes the kernel's first thread and
     * is bound to it until {@link #shutdown()}.
     */
    public static Kernel boot(Machine machine, KernelOptions options) {
        return boot(machine, options, new HostModuleStore());
    }

    /** Boots a kernel whose linker reads .ko files from {@code modules} (what /boot/modules shows). */
    public static Kernel boot(Machine machine, KernelOptions options, ModuleStore modules) {
        return boot(machine, options, modules, null);
    }

    /**
     * Boots a kernel whose /boot/modules shows {@code modules} and whose /host shows the host folder
     * {@code hostShare} read-only (null: no /host). The linker reads .ko files through the file system, so any
     * path the guest can name may be loaded.
     */
    public static Kernel boot(Machine machine, KernelOptions options, ModuleStore modules,
            java.nio.file.Path hostShare) {
        Kernel k = new Kernel(machine, options);
        CURRENT.set(k);
        last = new Binding(Thread.currentThread(), k); // a kernel booted earlier on this thread is no longer current
        k.vfs.mountModuleStore(modules);
        if (hostShare != null) {
            k.vfs.mountHostShare(hostShare);
        }
        k.linker = new Linker(k, k.vfs.moduleStore());
        k.linker.addUnloadHook(f -> {
            k.interrupts.unloaded(f);
            k.callouts.unloaded(f);
            k.dynamicOids.unloaded(f);
        });
        org.kld86.kernel.syscall.KldSyscalls.register(k, k.syscalls);
        org.kld86.kernel.dev.NullDevices.attach(k);
        k.userland = new org.kld86.kernel.kld.Userland(k, k.linker.ticker());
        k.procs.setLoader(k.userland);
        k.vfs.installPrograms(k.userland.programs());
        k.setFileSystem(k.vfs);
        return k;
    }

    /** The kernel of the calling guest thread. */
    public static Kernel current() {
        // Kept small enough to inline into every KPI call; the lookup proper is out of line.
        Binding b = last;
        Kernel k = b.kernel;
        if (b.thread == Thread.currentThread() && k != null) {
            return k;
        }
        return lookUpCurrent();
    }

    private static Kernel lookUpCurrent() {
        Kernel k = CURRENT.get();
        if (k != null) {
            last = new Binding(Thread.currentThread(), k);
        }
        if (k == null) {
            throw new IllegalStateException("no kernel is bound to thread " + Thread.currentThread().getName());
        }
        return k;
    }

    private void initInterrupts() {
        // atpic_init: ICW1-ICW4 on both chips, vectors 0x20 and 0x28, slave on IRQ 2; then mask all but the cascade.
        cpu.out8(0x20, 0x11);
        cpu.out8(0x21, IRQ_VECTOR_BASE);
        cpu.out8(0x21, 0x04);
        cpu.out8(0x21, 0x01);
        cpu.out8(0xA0, 0x11);
        cpu.out8(0xA1, IRQ_VECTOR_BASE + 8);
        cpu.out8(0xA1, 0x02);
        cpu.out8(0xA1, 0x01);
        cpu.out8(0x21, 0xFB);
        cpu.out8(0xA1, 0xFF);
        // Tickless: counter 0 in mode 0 with no count loaded runs no events until a one-shot is armed.
        cpu.out8(0x43, 0x30);
        cpu.setGate(PagingBits.VECTOR_PF, (v, err) -> pageFault(err));
        cpu.setGate(PagingBits.VECTOR_GP, (v, err) -> generalProtection(err));
        for (int v = 0; v < 32; v++) {
            if (cpu.gate(v) == null) {
                int vector = v;
                cpu.setGate(v, (vv, err) -> fatalTrap(vector, "trap " + vector, err, -1));
            }
        }
        cpu.setInterruptsEnabled(true);
    }

    private void declareSysctls() {
        long ram = machine.config().ramBytes();
        sysctl.addString("kern.ostype", "Operating system type", () -> OSTYPE);
        sysctl.addString("kern.osrelease", "Operating system release", () -> OSRELEASE);
        sysctl.addLong("kern.hz", "Number of clock ticks per second", () -> HZ, null);
        sysctl.addString("kern.version", "Kernel version", () -> VERSION);
        sysctl.addString("kern.ident", "Kernel identifier", () -> IDENT);
        sysctl.addString("kern.hostname", "Hostname", () -> HOSTNAME);
        sysctl.addString("hw.machine", "Machine class", () -> MACHINE);
        sysctl.addString("hw.machine_arch", "System architecture", () -> MACHINE);
        sysctl.addLong("hw.ncpu", "Number of active CPUs", () -> 1, null);
        sysctl.addLong("hw.pagesize", "System memory page size", () -> VmLayout.PAGE_SIZE, null);
        sysctl.addLong("hw.physmem", "Amount of physical memory (in bytes)", () -> ram, null);
        sysctl.addLong("hw.realmem", "Amount of memory (in bytes) reported by the firmware", () -> ram, null);
        sysctl.addLong("vm.stats.vm.v_page_count", "Total number of pages in system", vm::managedPages, null);
        sysctl.addLong("vm.stats.vm.v_page_size", "Page size in bytes", () -> VmLayout.PAGE_SIZE, null);
        sysctl.addLong("vm.stats.vm.v_free_count", "Free pages", () -> vm.allocator().totalFreePages(), null);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Traps

    /**
     * trap_pfault(): a fault on a user address of the running process is first offered to its VM space, which
     * pages in what the process may touch. What it cannot resolve kills the process if the access was made in
     * user mode (SIGBUS where a device refused the page, SIGSEGV otherwise), unwinds a copyin/copyout with EFAULT
     * if one is under way, and is otherwise a fatal kernel-mode fault.
     */
    private void pageFault(int errorCode) {
        long va = Integer.toUnsignedLong(machine.mmu().cr2());
        if (cpu.interruptedIf()) {
            // CR2 is read: interrupts go back on if the faulting code had them (trap.c's enable_intr() for
            // T_PAGEFLT), so a fault handler may sleep, in vm_wait or in a driver's fault method.
            cpu.setInterruptsEnabled(true);
        }
        KThread t = scheduler.current();
        Proc p = t == null ? null : t.proc();
        boolean user = (errorCode & PagingBits.PF_U) != 0;
        if (p != null && va < UserAccess.VM_MAXUSER_ADDRESS && p.vmspace() != null
                && p.vmspace().fault(va, (errorCode & PagingBits.PF_W) != 0)) {
            return;
        }
        if (p != null && user) {
            if (p.pendingSignal() == ProcTable.SIGKILL) {
                throw procs.sigexit(p, ProcTable.SIGKILL); // the out-of-memory killer chose it
            }
            boolean bus = p.vmspace() != null && p.vmspace().pagerRefused(va, (errorCode & PagingBits.PF_W) != 0);
            throw procs.sigexit(p, bus ? ProcTable.SIGBUS : ProcTable.SIGSEGV);
        }
        if (t != null && t.onfault() && va < UserAccess.VM_MAXUSER_ADDRESS) {
            throw new UserAccess.CopyFault();
        }
        fatalTrap(12, "page fault", errorCode, va);
    }

    /**
     * trap_fatal(): prints the "Fatal trap" block in FreeBSD/i386's layout and panics with the trap's name.
     * The instruction pointer of bytecode is not an address; the block names the guest code instead.
     */
    private void fatalTrap(int type, String name, int errorCode, long faultVa) {
        StringBuilder sb = new StringBuilder();
        boolean user = (errorCode & PagingBits.PF_U) != 0 && type == 12;
        sb.append(String.format("%nFatal trap %d: %s while in %s mode%n", type, name, user ? "user" : "kernel"));
        sb.append(String.format("cpuid = 0; apic id = 00%n"));
        if (type == 12) {
            sb.append(String.format("fault virtual address\t= 0x%x%n", faultVa));
            sb.append(String.format("fault code\t\t= %s%n", faultCode(errorCode)));
        }
        sb.append(String.format("instruction pointer\t= 0x20:%s%n", guestLocation()));
        sb.append(String.format("current process\t\t= 0 (%s)%n", scheduler.current() == null ? "swapper" : scheduler.current().name()));
        sb.append(String.format("trap number\t\t= %d%n", type));
        console.print(sb.toString());
        panic("%s", name);
    }

    /** #GP: in user mode the process dies of SIGSEGV (FreeBSD's T_PROTFLT), in the kernel it is fatal. */
    private void generalProtection(int errorCode) {
        KThread t = scheduler.current();
        Proc p = t == null ? null : t.proc();
        if (p != null && cpu.interruptedCpl() == 3) {
            throw procs.sigexit(p, ProcTable.SIGSEGV);
        }
        fatalTrap(9, "general protection fault", errorCode, -1);
    }

    /** FreeBSD's wording of a page fault error code: "supervisor read data, page not present". */
    public static String faultCode(int errorCode) {
        return PageFault.describe(errorCode);
    }

    /** Where in guest code the current thread is: the innermost frame outside the kernel's own machinery. */
    private static String guestLocation() {
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("org.kld86.emulator.")
                    || c.startsWith("org.kld86.kpi.") || c.startsWith("kld86.rt.")
                    || c.equals(Kernel.class.getName()) || c.startsWith(Kernel.class.getName() + "$")
                    || c.equals(KernelMemory.class.getName())) {
                continue;
            }
            return e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
        }
        return "unknown";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Panic

    /**
     * panic(9): prints {@code panic: <message>}, stops every guest thread and the machine, and throws. The message
     * starts with the function name, as kernel panic messages do ("free: address ... has not been allocated").
     */
    public KernelPanic panic(String format, Object... args) {
        String msg = args.length == 0 ? format : String.format(format, args);
        if (msg.endsWith("\n")) {
            msg = msg.substring(0, msg.length() - 1);
        }
        if (panic != null) {
            throw panic; // a panic while panicking: the first one stands
        }
        console.printf("panic: %s%n", msg);
        console.printf("cpuid = 0%n");
        console.printf("time = %d%n", machine.clock().nanos() / 1_000_000_000L);
        KernelPanic p = new KernelPanic(msg, console.dmesg());
        panic = p;
        cpu.setInterruptsEnabled(false);
        scheduler.shutdown();
        throw p;
    }

    /** The panic that stopped this kernel, or null. */
    public KernelPanic panicked() {
        return panic;
    }

    /** Stops the kernel: every guest thread is released and unwinds; the calling thread is unbound. */
    public void shutdown() {
        scheduler.shutdown();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        if (last.kernel == this) {
            last = new Binding(null, null);
        }
    }

    private final class SchedulerHooks implements Scheduler.Hooks {
        @Override
        public void sleepForbidden(String rule) {
            panic("%s", rule);
        }

        @Override
        public void deadlock(String report) {
            KThread t = scheduler.current();
            if (t != null && PageRequests.VMWAIT.equals(t.wmesg())) {
                panic("vm_wait: out of memory: no thread can ever free a page%n%s", report);
            }
            panic("%s", report);
        }

        @Override
        public void threadStarted(KThread t) {
            CURRENT.set(Kernel.this);
        }

        @Override
        public void switching(KThread from, KThread to) {
            from.saveContext(machine.mmu().cr3(), cpu.cpl());
            cpu.setCpl(0);
            int cr3 = to.savedCr3() != 0 ? to.savedCr3() : (int) vm.pmap().kernelDirectory();
            if (machine.mmu().cr3() != cr3) {
                machine.mmu().setCr3(cr3);
            }
            cpu.setCpl(to.savedCpl());
        }

        @Override
        public RuntimeException shutdownCause() {
            return panic;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Accessors

    public Machine machine() {
        return machine;
    }

    public KernelOptions options() {
        return options;
    }

    public Console console() {
        return console;
    }

    public Vm vm() {
        return vm;
    }

    public KernelMemory memory() {
        return memory;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public PageRequests pageRequests() {
        return pageRequests;
    }

    /** malloc(9), contigmalloc(9) and UMA zone(9). */
    public Malloc malloc() {
        return malloc;
    }

    /** The file system tree: mounts, namei, tmpfs, hostfs, pipes. */
    public org.kld86.kernel.vfs.Vfs vfs() {
        return vfs;
    }

    /** /proc: any subsystem registers its texts here ({@code procfs().register("slabinfo", () -> text)}). */
    public org.kld86.kernel.procfs.Procfs procfs() {
        return procfs;
    }

    /** Character devices: make_dev/destroy_dev, devfs, and Linux's regions and cdevs. */
    public org.kld86.kernel.dev.Devices devices() {
        return devices;
    }

    /** The Linux memory API: pages and GFP flags, kmap, vmalloc, ioremap, and their /proc texts. */
    public LinuxMemory linux() {
        return linux;
    }

    public Sysctl sysctl() {
        return sysctl;
    }

    /** The oids modules add (sysctl_add_oid and the context lists). */
    public org.kld86.kernel.sysctl.DynamicOids dynamicOids() {
        return dynamicOids;
    }

    /** copyin/copyout and friends. */
    public UserAccess userAccess() {
        return userAccess;
    }

    /** The processes. */
    public ProcTable procs() {
        return procs;
    }

    /** The system call table. */
    public SyscallTable syscalls() {
        return syscalls;
    }

    /** The kernel environment (kenv). */
    public Kenv kenv() {
        return kenv;
    }

    /** The kernel linker and module registry. */
    public Linker linker() {
        return linker;
    }

    /**
     * Where uprintf(9) text goes: the controlling terminal of the process the kernel is working for; for the
     * host's own thread, the sink it installed with {@link #setTerminal}. Without either the text is dropped, as
     * uprintf does when the process has no tty.
     */
    public void uprintf(String text) {
        KThread t = scheduler.current();
        Proc p = t == null ? null : t.proc();
        if (p != null) {
            if (p.tty() != null) {
                p.tty().write(text);
            }
            return;
        }
        java.util.function.Consumer<String> sink = terminal;
        if (sink != null) {
            sink.accept(text);
        }
    }

    /** The file system, once the VFS has mounted root; null before. */
    public org.kld86.kernel.fs.FileSystem fileSystem() {
        return fileSystem;
    }

    public void setFileSystem(org.kld86.kernel.fs.FileSystem fs) {
        this.fileSystem = fs;
        procs.setExecutableReader(path -> {
            KThread t = scheduler.current();
            int[] err = {0};
            return fs.readExecutable(t == null ? null : t.proc(), path, err);
        });
    }

    /** The user programs of this kernel. */
    public org.kld86.kernel.kld.Userland userland() {
        return userland;
    }

    /**
     * Halts the machine (reboot(RB_HALT), the shell's halt): MOD_SHUTDOWN to every module, the message FreeBSD
     * prints, and every guest thread stopped. The caller unwinds with the process it was running.
     */
    public void halt() {
        if (halted) {
            return;
        }
        halted = true;
        linker.shutdown();
        console.printf("%nThe operating system has halted.%n");
        scheduler.shutdown();
        throw new org.kld86.kernel.proc.ProcessExit(0);
    }

    public boolean halted() {
        return halted;
    }

    /** Sets where uprintf(9) text goes (the controlling terminal); null drops it. */
    public void setTerminal(java.util.function.Consumer<String> terminal) {
        this.terminal = terminal;
    }

    /**
     * Whether the CPU is running an interrupt handler (td_intr_nesting_level > 0, in_interrupt()) or a callout,
     * which runs in softclock context with the same rules.
     */
    public boolean inInterrupt() {
        return cpu.interruptNesting() > 0 || (callouts != null && callouts.inSoftclock());
    }

    /** tsleep/msleep/wakeup with the interrupt-context rules (kern_synch.c). */
    public Synch synch() {
        return synch;
    }

    /** spinlock_enter/spinlock_exit: spin locks and the interrupt flag. */
    public CriticalSections criticalSections() {
        return criticalSections;
    }

    /** callout(9) and Linux timers: functions run at a virtual time, in softclock context. */
    public Callouts callouts() {
        return callouts;
    }

    /** Interrupt handlers on the ISA lines: bus_setup_intr and request_irq. */
    public Interrupts interrupts() {
        return interrupts;
    }

    /** PCI configuration space, ISA DMA channels and device units, for drivers. */
    public org.kld86.kernel.bus.Buses buses() {
        return buses;
    }

    /** Where character devices are made (/dev/NAME). */
    public DeviceNodes deviceNodes() {
        return deviceNodes;
    }

    /** The console terminal on COM1, or null if the machine has no serial port. */
    public ConsoleTty consoleTty() {
        return consoleTty;
    }

    /** tsleep(9) timeout ticks at {@link #HZ} to CPU cycles. */
    public long ticksToCycles(long ticks) {
        return ticks * machine.clock().hz() / HZ;
    }
}
