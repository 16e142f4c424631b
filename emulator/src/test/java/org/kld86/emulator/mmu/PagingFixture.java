package org.kld86.emulator.mmu;

import static org.kld86.emulator.mmu.PagingBits.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * A machine for paging tests: 32 MiB of RAM, an MMU, a real CPU whose #PF and #GP gates record each exception,
 * and a page directory at {@link #PD_PA} with page tables handed out from {@link #TABLES_PA} on. Entries are
 * written straight into physical memory, as a kernel does, so every test states the exact bits it installs.
 *
 * <p>By default a #PF handler records the fault and aborts the access by throwing {@link AccessAborted} (a
 * kernel that kills the faulting process); {@link #onPageFault} makes it fix things and return instead, so
 * the MMU retries the access.
 */
final class PagingFixture {

    static final long RAM_BYTES = 32L << 20;
    /** The page directory. */
    static final int PD_PA = 0x0010_0000;
    /** Page tables are taken from here on, one 4 KiB frame each. */
    static final int TABLES_PA = 0x0020_0000;
    /** 4 KiB data frames for tests are in 0x0040_0000..0x007F_FFFF. */
    static final int DATA_PA = 0x0040_0000;
    /** 4 MiB-aligned frames for large pages: 0x0080_0000, 0x00C0_0000, 0x0100_0000, 0x0140_0000. */
    static final int LARGE_PA = 0x0080_0000;

    /** One exception as the CPU delivered it, with CR2 as the handler saw it. */
    record Trap(int vector, int errorCode, int cr2) {
        @Override
        public String toString() {
            return String.format("vector %d, error 0x%x, CR2 0x%08x", vector, errorCode, cr2);
        }
    }

    /** Thrown by the recording handler to abandon the faulting access; cheap, with no stack trace. */
    static final class AccessAborted extends RuntimeException {
        AccessAborted() {
            super("access aborted by the test's trap handler", null, false, false);
        }
    }

    private static final AccessAborted ABORT = new AccessAborted();

    final PhysicalMemory phys = new PhysicalMemory(RAM_BYTES);
    final Mmu mmu = new Mmu(phys);
    final Cpu cpu = new Cpu(mmu, new VirtualClock(1_000_000_000L), new IoPortSpace());
    final List<Trap> traps = new ArrayList<>();

    private Consumer<Trap> pageFaultFix;
    private int nextTablePa = TABLES_PA;

    PagingFixture() {
        cpu.setGate(VECTOR_PF, (vector, errorCode) -> {
            Trap t = new Trap(vector, errorCode, mmu.cr2());
            traps.add(t);
            if (pageFaultFix == null) {
                throw ABORT;
            }
            pageFaultFix.accept(t);
        });
        cpu.setGate(VECTOR_GP, (vector, errorCode) -> traps.add(new Trap(vector, errorCode, mmu.cr2())));
    }

    /** From now on a #PF runs {@code fix} and returns (IRET), so the access is retried. */
    void onPageFault(Consumer<Trap> fix) {
        this.pageFaultFix = fix;
    }

    /** CR3 = the page directory, then CR4, then CR0 = PE | PG | {@code cr0Extra}. */
    void enablePaging(int cr0Extra, int cr4) {
        mmu.setCr3(PD_PA);
        mmu.setCr4(cr4);
        mmu.setCr0(CR0_PE | CR0_PG | cr0Extra);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tables in RAM

    static int pdeSlotPa(int va) {
        return PD_PA + ((va >>> 22) << 2);
    }

    int pde(int va) {
        return phys.read32(pdeSlotPa(va));
    }

    void setPde(int va, int value) {
        phys.write32(pdeSlotPa(va), value);
    }

    /** A fresh, zeroed page table frame. */
    int newTable() {
        int pa = nextTablePa;
        nextTablePa += PhysicalMemory.PAGE_SIZE;
        phys.fill(pa, PhysicalMemory.PAGE_SIZE, 0);
        return pa;
    }

    /** Where the PTE for {@code va} is, in the table the PDE currently points to. */
    int pteSlotPa(int va) {
        return (pde(va) & FRAME_4K) + (((va >>> 12) & 0x3FF) << 2);
    }

    int pte(int va) {
        return phys.read32(pteSlotPa(va));
    }

    void setPte(int va, int value) {
        phys.write32(pteSlotPa(va), value);
    }

    /** Gives {@code va}'s 4 MiB region a fresh page table, with PDE flags {@code pdeFlags}. */
    int mapTable(int va, int pdeFlags) {
        int table = newTable();
        setPde(va, table | pdeFlags);
        return table;
    }

    /** Maps the 4 KiB page of {@code va} to {@code framePa} through a fresh page table. */
    void map4k(int va, int framePa, int pdeFlags, int pteFlags) {
        mapTable(va, pdeFlags);
        setPte(va, framePa | pteFlags);
    }

    /** Maps the 4 MiB region of {@code va} to {@code framePa} with one PDE (PS set). */
    void map4m(int va, int framePa, int pdeFlags) {
        setPde(va, framePa | PDE_PS | pdeFlags);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accesses

    /**
     * Runs one access at CPL {@code cpl} and returns the trap it took (the last one, if the handler retried),
     * or null if it completed with no #PF. CPL is back to 0 afterwards.
     */
    Trap attempt(int cpl, Runnable access) {
        int before = traps.size();
        cpu.setCpl(cpl);
        try {
            access.run();
        } catch (AccessAborted aborted) {
            // The handler abandoned the access; its trap is recorded.
        } finally {
            cpu.setCpl(0);
        }
        return traps.size() == before ? null : traps.get(traps.size() - 1);
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
