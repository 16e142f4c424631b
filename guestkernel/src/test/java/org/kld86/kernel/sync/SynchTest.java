package org.kld86.kernel.sync;

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

class SynchTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Synch synch = kernel.synch();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void numbersAreChannelsByValueAndObjectsByIdentity() {
        assertSame(synch.channel(0xC0001000L), synch.channel(Long.valueOf(0xC0001000L)));
        assertSame(synch.channel(4096), synch.channel(4096L), "an int and a long with one value are one address");
        Object o = new Object();
        assertSame(o, synch.channel(o));
    }

    @Test
    void theInterlockIsReleasedForTheSleepAndTakenBackAfter() {
        Synch.Interlock lock = new Synch.Interlock() {
            @Override
            public void release() {
                log.add("release");
            }

            @Override
            public void reacquire() {
                log.add("reacquire");
            }
        };
        assertEquals(org.kld86.kpi.Errno.EWOULDBLOCK, synch.sleep("test", this, lock, false, false, "t", 1));
        assertEquals(List.of("release", "reacquire"), log);
        synch.sleep("test", this, lock, false, true, "t", 1);
        assertEquals(List.of("release", "reacquire", "release"), log, "PDROP");
    }

    @Test
    void aNullChannelIsAKernelBug() {
        assertEquals("test: sleeping on a NULL wait channel (\"t\")",
                assertThrows(KernelPanic.class, () -> synch.sleep("test", null, null, false, false, "t", 0)).getMessage());
    }

    @Test
    void aNegativeTimeoutIsAKernelBug() {
        assertEquals("test: negative timeout -1 (\"t\")",
                assertThrows(KernelPanic.class, () -> synch.sleep("test", this, null, false, false, "t", -1)).getMessage());
    }
}
