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
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;

/** linux/gfp.h and linux/mm.h for modules, with vmalloc and ioremap beside them: a driver that uses them all. */
class MmTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.defaults()); // 64 MiB and an edu device
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private static final String PAGES = """
            package pages;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Gfp.*;
            import static org.kld86.kpi.Mm.*;
            import static org.kld86.kpi.Vmalloc.*;
            import static org.kld86.kpi.Io.*;
            import static org.kld86.kpi.Printk.*;
            @LinuxModule(name = "pages")
            public final class Pages {
                @ModuleParam static long bar;
                static long quantum;
                static long zeroed;
                static long dma;
                static PageRef page;
                static long area;
                static long regs;
                @ModuleInit static int init() {
                    quantum = __get_free_pages(GFP_KERNEL, 1);
                    zeroed = get_zeroed_page(GFP_KERNEL);
                    dma = __get_dma_pages(GFP_KERNEL, 0);
                    page = alloc_page(GFP_KERNEL);
                    area = vzalloc(16384);
                    regs = ioremap(bar, 4096);
                    if (quantum == 0 || zeroed == 0 || dma == 0 || page == null || area == 0 || regs == 0) {
                        return -Errno.ENOMEM;
                    }
                    long addr = page_address(page);
                    pr_info("quantum %s, zeroed %d, dma below 16M %d, page %s, area %s %d, id %x\\n",
                            phys_to_virt(virt_to_phys(quantum)) == quantum ? "direct-mapped" : "elsewhere",
                            Mem.read32(zeroed + 4092), virt_to_phys(dma) < (16 << 20) ? 1 : 0,
                            virt_to_page(addr).equals(page) && page_to_pfn(page) == virt_to_phys(addr) >> PAGE_SHIFT
                                    ? "round-trips" : "is lost",
                            is_vmalloc_addr(area) && !is_vmalloc_addr(quantum) ? "vmalloc" : "not vmalloc",
                            vmalloc_to_pfn(area) == page_to_pfn(vmalloc_to_page(area)) ? get_order(16384) : -1,
                            readl(regs));
                    writel(0x12345678, regs + 4);
                    return 0;
                }
                @ModuleExit static void exit() {
                    iounmap(regs);
                    vfree(area);
                    __free_page(page);
                    free_pages(dma, 0);
                    free_page(zeroed);
                    free_pages(quantum, 1);
                }
            }
            """;

    @Test
    void aDriverUsesPagesVmallocAndIoremapAndGivesThemBack() {
        store.put("/boot/modules/pages.ko", ModuleJars.jar(Map.of("pages.Pages", PAGES)));
        long bar = machine.eduDevices().get(0).barWindow(0).base();
        long free = kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
        int mark = kernel.console().dmesg().length();
        Linker.LoadResult r = kernel.linker().kldload("pages", List.of("bar=" + bar));
        assertTrue(r.ok(), kernel.console().dmesg());
        assertEquals("quantum direct-mapped, zeroed 0, dma below 16M 1, page round-trips, area vmalloc 2, id 10000ed\n",
                kernel.console().dmesg().substring(mark));
        String vmallocinfo = kernel.linux().proc().vmallocinfo();
        assertTrue(vmallocinfo.contains(" 20480 Pages.init pages=4 vmalloc\n"), "the module is the caller: " + vmallocinfo);
        assertTrue(vmallocinfo.contains(" Pages.init phys=0x"), vmallocinfo);
        assertEquals(0, kernel.linker().kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("", kernel.linux().proc().vmallocinfo());
        kernel.malloc().uma().reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages());
    }

    @Test
    void theCallsOneByOne() {
        assertEquals(4096, Mm.PAGE_SIZE);
        assertEquals(12, Mm.PAGE_SHIFT);
        assertEquals(0xFFFFF000L, Mm.PAGE_MASK);
        assertEquals(11, Mm.MAX_ORDER);
        assertEquals(3, Mm.get_order(32768));
        PageRef p = Mm.alloc_pages(Gfp.GFP_KERNEL, 2);
        assertFalse(Mm.PageHighMem(p));
        long va = Mm.page_address(p);
        assertEquals(p, Mm.pfn_to_page(Mm.page_to_pfn(p)));
        assertEquals(p.hashCode(), Mm.virt_to_page(va).hashCode());
        assertEquals(String.format("page pfn:%05x", Mm.page_to_pfn(p)), p.toString());
        long k = Mm.kmap(p);
        assertEquals(va, k, "a low page's kmap is its direct-map address");
        Mm.kunmap(p);
        long a = Mm.kmap_atomic(p);
        Mem.write32(a, 7);
        Mm.kunmap_atomic(a);
        assertEquals(7, Mem.read32(va));
        Mm.__free_pages(p, 2);
        assertNull(Mm.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 11));
        assertEquals(0, Mm.__get_free_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 11));
        Mm.free_pages(0, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mm.virt_to_phys(0x1000));
        assertEquals("virt_to_phys: 0x1000 is not in the direct map", e.getMessage());
    }
}
