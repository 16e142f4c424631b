package org.kld86.kernel.vm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class PageRequestsTest {

    private final Machine machine = new Machine(MachineConfig.builder().ram("16M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final PageRequests pr = kernel.pageRequests();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** Takes every page an ordinary request can get; returns them. */
    private List<Integer> exhaust() {
        List<Integer> got = new ArrayList<>();
        int pfn;
        while ((pfn = pr.allocPages(0, Zone.NORMAL, PageRequests.NOWARN)) != PageDescriptors.NO_PFN) {
            got.add(pfn);
        }
        return got;
    }

    @Test
    void aSleepingAllocationIsWokenByAFree() {
        List<Integer> held = exhaust();
        List<String> log = new ArrayList<>();
        kernel.scheduler().spawn("waiter", () -> {
            log.add("asking");
            int pfn = pr.allocPages(0, Zone.NORMAL, PageRequests.WAIT);
            log.add("got " + (pfn != PageDescriptors.NO_PFN));
        }, null);
        kernel.scheduler().yield();
        assertEquals(List.of("asking"), log, "the waiter sleeps in vmwait");
        assertEquals(1, pr.waits());
        pr.freePages(held.remove(0), 0);
        kernel.scheduler().yield();
        assertEquals(List.of("asking", "got true"), log);
    }

    @Test
    void aSleepingAllocationThatNoOneCanSatisfyPanicsInsteadOfHanging() {
        exhaust();
        KernelPanic p = assertThrows(KernelPanic.class, () -> pr.allocPages(0, Zone.NORMAL, PageRequests.WAIT));
        assertTrue(p.getMessage().startsWith("vm_wait: out of memory: no thread can ever free a page"), p.getMessage());
    }

    @Test
    void aNonSleepingFailureWarnsInLinuxsWordsUnlessNowarn() {
        exhaust();
        int before = kernel.console().dmesg().length();
        assertEquals(PageDescriptors.NO_PFN, pr.allocPages(3, Zone.NORMAL, 0));
        assertTrue(kernel.console().dmesg().substring(before).contains("swapper: page allocation failure: order:3, mode:0x0"));
        int after = kernel.console().dmesg().length();
        assertEquals(PageDescriptors.NO_PFN, pr.allocPages(3, Zone.NORMAL, PageRequests.NOWARN));
        assertEquals(after, kernel.console().dmesg().length());
    }

    @Test
    void theReserveServesAtomicRequestsAfterOrdinaryOnesFail() {
        exhaust();
        assertNotEquals(PageDescriptors.NO_PFN, pr.allocPages(0, Zone.NORMAL, PageRequests.RESERVE | PageRequests.NOWARN));
    }

    @Test
    void zeroedPagesReadZero() {
        int pfn = pr.allocPages(0, Zone.NORMAL, 0);
        machine.memory().fill((long) pfn << 12, 4096, 0x5A);
        pr.freePages(pfn, 0);
        int again = pr.allocPages(0, Zone.NORMAL, PageRequests.ZERO);
        assertEquals(pfn, again, "LIFO reuse");
        assertEquals(0, machine.memory().read32((long) again << 12));
    }

    @Test
    void aContiguousRequestThatCanNeverFitFailsEvenWhenItMaySleep() {
        assertEquals(PageDescriptors.NO_PFN, pr.allocContig(40, 0, 4096, 1, 32, PageRequests.WAIT));
    }

    @Test
    void shrinkersAreAskedBeforeASleepingRequestSleeps() {
        List<Integer> held = exhaust();
        int[] asked = {0};
        pr.addShrinker(() -> {
            asked[0]++;
            return pr.freePages(held.remove(held.size() - 1), 0);
        });
        assertNotEquals(PageDescriptors.NO_PFN, pr.allocPages(0, Zone.NORMAL, PageRequests.WAIT));
        assertEquals(1, asked[0]);
        assertEquals(0, pr.waits());
    }
}
