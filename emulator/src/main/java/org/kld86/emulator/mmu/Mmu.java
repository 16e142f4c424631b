package org.kld86.emulator.mmu;

import static org.kld86.emulator.mmu.PagingBits.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * The i386 paging unit, 32-bit non-PAE paging (Intel SDM Vol. 3A chapter 4): CR0.PG/WP, CR3, CR4.PSE/PGE,
 * CR2, the two-level walk over tables in RAM, 4 MiB pages, A/D updates, #PF with its error code, and a TLB.
 * Every guest load and store, kernel and user, goes through here.
 *
 * <p>The rules, in the order the walk applies them (SDM §4.6, §4.7; Bochs' "error checking order"):
 * <ol>
 *   <li>An entry with P=0 faults with error code P=0; nothing else in it is looked at.</li>
 *   <li>With CR4.PSE=1, a present PDE with PS=1 maps 4 MiB; any of its bits 21:13 set faults with P|RSVD.
 *       With CR4.PSE=0, PS is ignored and the PDE points to a page table.</li>
 *   <li>Rights are the AND of R/W and of U/S over the PDE and PTE (the PDE alone for 4 MiB). A user access
 *       needs U/S; a user write also R/W. A supervisor read is always allowed; a supervisor write needs R/W
 *       only when CR0.WP=1 (486+ rules; no SMAP, SMEP or NX). A violation faults with P=1.</li>
 *   <li>Only after the check passes are A set in the PDE and the leaf, and D in the leaf on a write; a
 *       faulting access leaves the leaf's A/D as they were (kvm-unit-tests access.c, Xen XTF).</li>
 * </ol>
 *
 * <p>A store that crosses into a page it may not write commits nothing: both pages are checked before any byte
 * is stored. Bulk copies behave like {@code rep movs}: they go a page at a time and a fault part-way leaves the
 * pages before it written.
 *
 * <p>A TLB entry changed in memory without INVLPG keeps its old translation, as on hardware: see {@link Tlb}.
 */
public final class Mmu {

    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Consecutive faults on one access after which a handler that keeps returning is overruled. */
    private static final int MAX_FAULT_RETRIES = 16;

    private final PhysicalMemory phys;
    private final Tlb tlb = new Tlb();
    private ExceptionSink exceptions;

    private int cr0 = CR0_PE;
    private int cr2;
    private int cr3;
    private int cr4;
    private boolean user;

    /** The fast-path tag arrays for the current CPL. */
    private int[] readTags;
    private int[] writeTags;
    private final byte[][] host;

    // Result of the last failed walk.
    private int faultCode;

    public Mmu(PhysicalMemory phys) {
        this.phys = phys;
        this.host = tlb.host;
        this.readTags = tlb.supRead;
        this.writeTags = tlb.supWrite;
        this.exceptions = (vector, errorCode) -> {
            throw vector == VECTOR_PF
                    ? new PageFault(cr2, errorCode, "no page fault handler")
                    : new org.kld86.emulator.cpu.CpuException(vector, errorCode,
                            "exception " + vector + " with no handler, error code " + errorCode);
        };
        // A BAR move or a decoder switch changes what a cached host page stands for.
        phys.addMapListener(tlb::flushAll);
    }

    /** Where exceptions go; the CPU installs itself here. */
    public void setExceptionSink(ExceptionSink sink) {
        this.exceptions = sink;
    }

    public PhysicalMemory physicalMemory() {
        return phys;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Control registers

    public int cr0() {
        return cr0;
    }

    public int cr2() {
        return cr2;
    }

    public int cr3() {
        return cr3;
    }

    public int cr4() {
        return cr4;
    }

    /**
     * MOV to CR0. Setting PG without PE raises #GP(0). A change of PG flushes the whole TLB; a change of WP
     * flushes nothing (the cached rights are re-evaluated, which is what hardware's per-access check does).
     */
    public void setCr0(int value) {
        if ((value & CR0_PG) != 0 && (value & CR0_PE) == 0) {
            exceptions.raise(VECTOR_GP, 0);
            return;
        }
        int old = cr0;
        cr0 = value;
        if (((old ^ value) & CR0_PG) != 0) {
            tlb.flushAll();
        } else if (((old ^ value) & CR0_WP) != 0) {
            tlb.deriveAllTags(wp());
        }
    }

    /** MOV to CR2 (the kernel may write it, as on hardware). */
    public void setCr2(int value) {
        cr2 = value;
    }

    /** MOV to CR3: loads the page directory base and flushes every non-global TLB entry. */
    public void setCr3(int value) {
        cr3 = value;
        tlb.flushNonGlobal();
    }

    /**
     * MOV to CR4. A bit this CPU does not implement (PAE among them) raises #GP(0). A change of PGE flushes
     * every entry, global ones included (SDM §4.10.4.1).
     */
    public void setCr4(int value) {
        if ((value & ~CR4_SUPPORTED) != 0) {
            exceptions.raise(VECTOR_GP, 0);
            return;
        }
        int old = cr4;
        cr4 = value;
        if (((old ^ value) & CR4_PGE) != 0) {
            tlb.flushAll();
        }
    }

    /** INVLPG: drops the TLB entries for {@code va}'s page, global or not. At CPL 3 it raises #GP(0). */
    public void invlpg(int va) {
        if (user) {
            exceptions.raise(VECTOR_GP, 0);
            return;
        }
        tlb.invalidatePage(va);
    }

    /** Whether accesses are made at CPL 3 (user) rather than CPL 0-2 (supervisor). */
    public boolean userMode() {
        return user;
    }

    /** Sets the privilege of the accesses that follow; the CPU calls this when CPL changes. */
    public void setUserMode(boolean userMode) {
        this.user = userMode;
        this.readTags = userMode ? tlb.userRead : tlb.supRead;
        this.writeTags = userMode ? tlb.userWrite : tlb.supWrite;
    }

    private boolean paging() {
        return cr0 < 0; // CR0.PG is bit 31
    }

    private boolean wp() {
        return (cr0 & CR0_WP) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scalar loads and stores: a TLB hit is a tag compare and a host array access. The tag of the access's
    // last byte is compared, so an access that crosses a page boundary misses and takes the slow path.

    public int read8(int va) {
        int i = (va >>> 12) & Tlb.MASK;
        if (readTags[i] == ((va & FRAME_4K) | 1)) {
            return host[i][va & 0xFFF] & 0xFF;
        }
        return (int) slowRead(va, 1);
    }

    public int read16(int va) {
        int i = (va >>> 12) & Tlb.MASK;
        if (readTags[i] == (((va + 1) & FRAME_4K) | 1)) {
            return (short) LE16.get(host[i], va & 0xFFF) & 0xFFFF;
        }
        return (int) slowRead(va, 2);
    }

    public int read32(int va) {
        int i = (va >>> 12) & Tlb.MASK;
        if (readTags[i] == (((va + 3) & FRAME_4K) | 1)) {
            return (int) LE32.get(host[i], va & 0xFFF);
        }
        return (int) slowRead(va, 4);
    }

    public void write8(int va, int value) {
        int i = (va >>> 12) & Tlb.MASK;
        if (writeTags[i] == ((va & FRAME_4K) | 1)) {
            host[i][va & 0xFFF] = (byte) value;
            return;
        }
        slowWrite(va, 1, value);
    }

    public void write16(int va, int value) {
        int i = (va >>> 12) & Tlb.MASK;
        if (writeTags[i] == (((va + 1) & FRAME_4K) | 1)) {
            LE16.set(host[i], va & 0xFFF, (short) value);
            return;
        }
        slowWrite(va, 2, value);
    }

    public void write32(int va, int value) {
        int i = (va >>> 12) & Tlb.MASK;
        if (writeTags[i] == (((va + 3) & FRAME_4K) | 1)) {
            LE32.set(host[i], va & 0xFFF, value);
            return;
        }
        slowWrite(va, 4, value);
    }

    private long slowRead(int va, int size) {
        int off = va & 0xFFF;
        if (off + size <= PhysicalMemory.PAGE_SIZE) {
            long pa = physicalAddress(translate(va, false), va);
            return phys.read(pa, size);
        }
        // Crosses a page boundary: both pages must translate before the load completes.
        int second = (va + size - 1) & FRAME_4K;
        long pa1 = physicalAddress(translate(va, false), va);
        long pa2 = physicalAddress(translate(second, false), second);
        int firstBytes = PhysicalMemory.PAGE_SIZE - off;
        long v = 0;
        for (int b = 0; b < size; b++) {
            long pa = b < firstBytes ? pa1 + b : pa2 + (b - firstBytes);
            v |= (long) phys.read8(pa) << (8 * b);
        }
        return v;
    }

    private void slowWrite(int va, int size, int value) {
        int off = va & 0xFFF;
        if (off + size <= PhysicalMemory.PAGE_SIZE) {
            long pa = physicalAddress(translate(va, true), va);
            phys.write(pa, size, value);
            return;
        }
        // Crosses a page boundary: check both pages first so that a fault on the second commits nothing
        // (neither data nor the first page's A/D), then walk both for real.
        int second = (va + size - 1) & FRAME_4K;
        for (int attempt = 0; ; attempt++) {
            if (!check(va, true)) {
                deliverPageFault(va, faultCode, attempt);
            } else if (!check(second, true)) {
                deliverPageFault(second, faultCode, attempt);
            } else {
                break;
            }
        }
        long pa1 = physicalAddress(translate(va, true), va);
        long pa2 = physicalAddress(translate(second, true), second);
        int firstBytes = PhysicalMemory.PAGE_SIZE - off;
        for (int b = 0; b < size; b++) {
            long pa = b < firstBytes ? pa1 + b : pa2 + (b - firstBytes);
            phys.write8(pa, value >>> (8 * b));
        }
    }

    private long physicalAddress(int tlbIndex, int va) {
        return (tlb.frame[tlbIndex] & 0xFFFFFFFFL) | (va & 0xFFF);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bulk access, a page at a time (rep movs semantics: earlier pages stay written when a later one faults)

    /** Copies {@code len} bytes of guest memory at {@code va} into {@code dst[off..]}. */
    public void read(int va, byte[] dst, int off, int len) {
        while (len > 0) {
            int pageOff = va & 0xFFF;
            int n = Math.min(len, PhysicalMemory.PAGE_SIZE - pageOff);
            int i = translate(va, false);
            byte[] page = host[i];
            if (page != null) {
                System.arraycopy(page, pageOff, dst, off, n);
            } else {
                phys.read(physicalAddress(i, va), dst, off, n);
            }
            va += n;
            off += n;
            len -= n;
        }
    }

    /** Copies {@code src[off..off+len)} into guest memory at {@code va}. */
    public void write(int va, byte[] src, int off, int len) {
        while (len > 0) {
            int pageOff = va & 0xFFF;
            int n = Math.min(len, PhysicalMemory.PAGE_SIZE - pageOff);
            int i = translate(va, true);
            byte[] page = host[i];
            if (page != null) {
                System.arraycopy(src, off, page, pageOff, n);
            } else {
                phys.write(physicalAddress(i, va), src, off, n);
            }
            va += n;
            off += n;
            len -= n;
        }
    }

    /** Stores {@code len} copies of the byte {@code value} at {@code va}. */
    public void fill(int va, int len, int value) {
        while (len > 0) {
            int pageOff = va & 0xFFF;
            int n = Math.min(len, PhysicalMemory.PAGE_SIZE - pageOff);
            int i = translate(va, true);
            byte[] page = host[i];
            if (page != null) {
                java.util.Arrays.fill(page, pageOff, pageOff + n, (byte) value);
            } else {
                phys.fill(physicalAddress(i, va), n, value);
            }
            va += n;
            len -= n;
        }
    }

    /**
     * Copies {@code len} bytes from {@code srcVa} to {@code dstVa} with memmove semantics (overlap is safe),
     * moving each piece that lies within one source page and one destination page with one array copy.
     */
    public void copy(int dstVa, int srcVa, int len) {
        if (len <= 0 || dstVa == srcVa) {
            return;
        }
        boolean backwards = Integer.compareUnsigned(dstVa - srcVa, len) < 0; // dst inside [src, src+len)
        int done = 0;
        while (done < len) {
            int remaining = len - done;
            int s;
            int d;
            int n;
            if (!backwards) {
                s = srcVa + done;
                d = dstVa + done;
                n = Math.min(remaining, Math.min(PhysicalMemory.PAGE_SIZE - (s & 0xFFF), PhysicalMemory.PAGE_SIZE - (d & 0xFFF)));
            } else {
                int sEnd = srcVa + remaining; // exclusive
                int dEnd = dstVa + remaining;
                n = Math.min(remaining, Math.min(((sEnd - 1) & 0xFFF) + 1, ((dEnd - 1) & 0xFFF) + 1));
                s = sEnd - n;
                d = dEnd - n;
            }
            int si = translate(s, false);
            long spa = physicalAddress(si, s);
            byte[] sp = host[si];
            int di = translate(d, true); // may evict the source entry; what it said is kept above
            long dpa = physicalAddress(di, d);
            byte[] dp = host[di];
            if (sp != null && dp != null) {
                System.arraycopy(sp, s & 0xFFF, dp, d & 0xFFF, n);
            } else {
                byte[] tmp = new byte[n];
                phys.read(spa, tmp, 0, n);
                phys.write(dpa, tmp, 0, n);
            }
            done += n;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Translation

    /**
     * Translates {@code va} for the current CPL through the TLB, walking the tables on a miss. A fault goes to
     * the exception sink; when the handler returns the walk is tried again.
     *
     * @return the TLB index holding the translation
     */
    private int translate(int va, boolean write) {
        for (int attempt = 0; ; attempt++) {
            int i = Tlb.index(va);
            if (tlb.hits(i, va) && permitted(i, write)) {
                return i;
            }
            if (walk(va, write, user, true)) {
                return i;
            }
            deliverPageFault(va, faultCode, attempt);
        }
    }

    private boolean permitted(int i, boolean write) {
        if (write && !tlb.dirty[i]) {
            return false; // the first write must walk to set D
        }
        return allowed(user, write, tlb.us[i], tlb.rw[i], wp());
    }

    /** Whether {@code va} may be accessed now, walking without side effects (no A/D, no TLB fill). */
    private boolean check(int va, boolean write) {
        int i = Tlb.index(va);
        if (tlb.hits(i, va) && permitted(i, write)) {
            return true;
        }
        return walk(va, write, user, false);
    }

    private void deliverPageFault(int va, int errorCode, int attempt) {
        cr2 = va;
        if (attempt >= MAX_FAULT_RETRIES) {
            throw new PageFault(va, errorCode, "the fault handler returned " + attempt + " times without resolving it");
        }
        exceptions.raise(VECTOR_PF, errorCode);
    }

    /** The 486+ rights matrix of SDM §4.6 (Bochs' priv_check 0xff0bbb0b). */
    static boolean allowed(boolean userAccess, boolean write, boolean eus, boolean erw, boolean wp) {
        if (userAccess) {
            return eus && (!write || erw);
        }
        return !write || erw || !wp;
    }

    /**
     * The page walk of SDM §4.3. With {@code commit} it sets A/D and fills the TLB on success; without, it only
     * answers whether the access would succeed. On failure it leaves the error code in {@link #faultCode} and
     * drops any TLB entry for the page (no failing translation is cached).
     */
    private boolean walk(int va, boolean write, boolean userAccess, boolean commit) {
        int i = Tlb.index(va);
        if (!paging()) {
            if (commit) {
                int frameBase = va & FRAME_4K;
                tlb.fill(i, va, frameBase, phys.ramPage(frameBase >>> 12), true, true, true, false, false, wp());
            }
            return true;
        }
        int err = (write ? PF_W : 0) | (userAccess ? PF_U : 0);
        long pdeAddr = (cr3 & FRAME_4K & 0xFFFFFFFFL) | ((va >>> 20) & 0xFFC);
        int pde = phys.read32(pdeAddr);
        if ((pde & PTE_P) == 0) {
            return fail(i, va, err);
        }
        if ((cr4 & CR4_PSE) != 0 && (pde & PDE_PS) != 0) {
            if ((pde & PDE_4M_RESERVED) != 0) {
                return fail(i, va, err | PF_P | PF_RSVD);
            }
            boolean erw = (pde & PTE_RW) != 0;
            boolean eus = (pde & PTE_US) != 0;
            if (!allowed(userAccess, write, eus, erw, wp())) {
                return fail(i, va, err | PF_P);
            }
            if (commit) {
                int updated = pde | PTE_A | (write ? PTE_D : 0);
                if (updated != pde) {
                    phys.write32(pdeAddr, updated);
                }
                int frameBase = (updated & FRAME_4M) | (va & 0x003FF000);
                tlb.fill(i, va, frameBase, phys.ramPage(frameBase >>> 12), erw, eus, (updated & PTE_D) != 0,
                        (cr4 & CR4_PGE) != 0 && (updated & PTE_G) != 0, true, wp());
            }
            return true;
        }
        long pteAddr = (pde & FRAME_4K & 0xFFFFFFFFL) | ((va >>> 10) & 0xFFC);
        int pte = phys.read32(pteAddr);
        if ((pte & PTE_P) == 0) {
            return fail(i, va, err);
        }
        boolean erw = (pde & pte & PTE_RW) != 0;
        boolean eus = (pde & pte & PTE_US) != 0;
        if (!allowed(userAccess, write, eus, erw, wp())) {
            return fail(i, va, err | PF_P);
        }
        if (commit) {
            if ((pde & PTE_A) == 0) {
                phys.write32(pdeAddr, pde | PTE_A);
            }
            int updated = pte | PTE_A | (write ? PTE_D : 0);
            if (updated != pte || pteAddr == pdeAddr) {
                phys.write32(pteAddr, updated);
            }
            int frameBase = updated & FRAME_4K;
            tlb.fill(i, va, frameBase, phys.ramPage(frameBase >>> 12), erw, eus, (updated & PTE_D) != 0,
                    (cr4 & CR4_PGE) != 0 && (updated & PTE_G) != 0, false, wp());
        }
        return true;
    }

    private boolean fail(int i, int va, int errorCode) {
        faultCode = errorCode;
        if (tlb.hits(i, va)) {
            tlb.drop(i);
        }
        return false;
    }

    /**
     * The physical address {@code va} would reach with an access of the given kind at the current CPL, found
     * without side effects: no A/D update, no TLB fill, no fault. Empty if the access would fault. A debugger's
     * view, for tests and diagnostics; it sees what the TLB holds, stale entries included.
     */
    public OptionalLong probe(int va, boolean write) {
        int i = Tlb.index(va);
        if (tlb.hits(i, va) && permitted(i, write)) {
            return OptionalLong.of(physicalAddress(i, va));
        }
        if (!walk(va, write, user, false)) {
            return OptionalLong.empty();
        }
        if (!paging()) {
            return OptionalLong.of(va & 0xFFFFFFFFL);
        }
        long pde = phys.read32((cr3 & FRAME_4K & 0xFFFFFFFFL) | ((va >>> 20) & 0xFFC)) & 0xFFFFFFFFL;
        if ((cr4 & CR4_PSE) != 0 && (pde & PDE_PS) != 0) {
            return OptionalLong.of((pde & (FRAME_4M & 0xFFFFFFFFL)) | (va & 0x003FFFFF));
        }
        long pte = phys.read32((pde & (FRAME_4K & 0xFFFFFFFFL)) | ((va >>> 10) & 0xFFC)) & 0xFFFFFFFFL;
        return OptionalLong.of((pte & (FRAME_4K & 0xFFFFFFFFL)) | (va & 0xFFF));
    }

    /** Number of valid TLB entries. */
    public int tlbEntries() {
        return tlb.validEntries();
    }
}
