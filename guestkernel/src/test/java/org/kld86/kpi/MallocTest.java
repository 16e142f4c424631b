package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;

/** sys/malloc.h for modules: a FreeBSD driver that mallocs, reallocs, contigmallocs and keeps a UMA zone. */
class MallocTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults(), store);
    private final StringBuilder tty = new StringBuilder();

    MallocTest() {
        kernel.setTerminal(tty::append);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private static final String DRIVER = """
            package dma;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Kld.*;
            import static org.kld86.kpi.Malloc.*;
            import static org.kld86.kpi.Uma.*;
            import static org.kld86.kpi.Systm.uprintf;
            @DevModule(name = "dma")
            public final class Dma implements ModuleEventHandler {
                static final MallocType M_DMA = MallocType.define("dmabuf", "DMA driver buffers");
                static long msg;
                static long table;
                static long ring;
                static UmaZone zone;
                static int inits;
                static int ctors;
                public int modevent(KldModule mod, int what, Object arg) {
                    switch (what) {
                    case MOD_LOAD: {
                        msg = malloc(260, M_DMA, M_WAITOK);
                        int junk = Mem.read32(msg);
                        msg = realloc(msg, 600, M_DMA, M_WAITOK);
                        table = mallocarray(10, 12, M_DEVBUF, M_WAITOK | M_ZERO);
                        ring = contigmalloc(8192, M_DEVBUF, M_ZERO, 0, (1L << 22) - 1, 32 * 1024, 1024 * 1024);
                        zone = uma_zcreate("dma_desc", 48, (mem, size, a, fl) -> { ctors++; return 0; }, null,
                                (mem, size, fl) -> { inits++; return 0; }, null, UMA_ALIGN_PTR, 0);
                        long d1 = uma_zalloc(zone, M_WAITOK);
                        long d2 = uma_zalloc(zone, M_WAITOK);
                        uma_zfree(zone, d1);
                        uma_zfree(zone, d2);
                        uprintf("junk %x, msg %d, table %d, ring at %x aligned %d, zone %d ctors, %s inits\\n",
                                junk, malloc_usable_size(msg), malloc_usable_size(table), Pmap.vtophys(ring),
                                Pmap.vtophys(ring) % (32 * 1024) == 0 ? 1 : 0, ctors, inits > 2 ? "slab" : "few");
                        return 0;
                    }
                    case MOD_UNLOAD:
                        uma_zdestroy(zone);
                        contigfree(ring, 8192, M_DEVBUF);
                        free(table, M_DEVBUF);
                        zfree(msg, M_DMA);
                        return 0;
                    default:
                        return Errno.EOPNOTSUPP;
                    }
                }
            }
            """;

    @Test
    void aFreeBsdDriverUsesMallocContigmallocAndUmaAndGivesEverythingBack() {
        store.put("/boot/modules/dma.ko", ModuleJars.jar(Map.of("dma.Dma", DRIVER)));
        kernel.malloc().uma().reclaim();
        long free = kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
        Linker.LoadResult r = kernel.linker().kldload("dma", List.of());
        assertTrue(r.ok(), kernel.console().dmesg());
        String line = tty.toString();
        assertTrue(line.matches("junk deadc0de, msg 1024, table 128, ring at [0-9a-f]+ aligned 1, zone 2 ctors, slab inits\n"),
                "INVARIANTS junk in fresh malloc memory; realloc(600) takes 1024; 120 bytes take 128: " + line);
        long ringPa = Long.parseLong(line.replaceAll(".*ring at ([0-9a-f]+) .*\n", "$1"), 16);
        assertTrue(ringPa + 8192 <= 1 << 22, "contigmalloc kept below 4 MiB");
        int mark = kernel.console().dmesg().length();
        assertEquals(0, kernel.linker().kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("", kernel.console().dmesg().substring(mark), "no leak, no lost keg");
        kernel.malloc().uma().reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages());
    }

    @Test
    void theCallsOneByOne() {
        MallocType t = MallocType.M_DEVBUF;
        long p = Malloc.malloc(0, t, Malloc.M_WAITOK);
        assertEquals(16, Malloc.malloc_usable_size(p), "malloc(0) is a 16-byte block");
        long q = Malloc.reallocf(p, 5000, t, Malloc.M_NOWAIT);
        assertEquals(8192, Malloc.malloc_usable_size(q), "above a page on this small machine: whole pages");
        Malloc.free(q, t);
        assertEquals(0, Malloc.malloc_usable_size(0));
        Malloc.free(0, t);
        KernelPanic e = assertThrows(KernelPanic.class, () -> Malloc.mallocarray(0x10000, 0x10000, t, Malloc.M_WAITOK));
        assertEquals("mallocarray: 65536 * 65536 overflowed", e.getMessage());
    }

    @Test
    void freeOfAKmallocPointerPanicsAsFreeBsdDoes() {
        long k = Slab.kmalloc(64, Gfp.GFP_KERNEL);
        KernelPanic e = assertThrows(KernelPanic.class, () -> Malloc.free(k, MallocType.M_TEMP));
        assertEquals(String.format("free: address 0x%x(0x%x) has not been allocated.", k, k & ~0xFFFL), e.getMessage());
    }
}
