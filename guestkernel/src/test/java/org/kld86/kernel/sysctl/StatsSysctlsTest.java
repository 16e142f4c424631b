package org.kld86.kernel.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.malloc.MallocType;
import org.kld86.kernel.uma.UmaZone;

/** The statistics and clock nodes: the stream layouts byte for byte, newest record first. */
class StatsSysctlsTest {

    private final Machine machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private ByteBuffer opaque(String name) {
        Sysctl.OpaqueNode n = (Sysctl.OpaqueNode) kernel.sysctl().lookup(name);
        return ByteBuffer.wrap(n.getter().get()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String name(ByteBuffer b, int at) {
        int n = 0;
        while (n < 32 && b.get(at + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void mallocStatsHaveAHeaderAndSeventyTwoByteRecordsNewestFirst() {
        MallocType t = kernel.malloc().define("echo_buffer", "buffer for echo driver");
        long p = kernel.malloc().malloc(260, t, MallocFlags.M_WAITOK);
        kernel.malloc().malloc(16, t, MallocFlags.M_WAITOK);
        kernel.malloc().free(p, t);
        ByteBuffer b = opaque("kern.malloc_stats");
        assertEquals(1, b.getInt(0), "version");
        int count = b.getInt(4);
        assertEquals(kernel.malloc().types().size(), count);
        assertEquals(72, b.getInt(8));
        assertEquals(0, b.getInt(12));
        assertEquals(16 + count * 72, b.capacity());
        assertEquals("echo_buffer", name(b, 16), "the newest type first");
        assertEquals(512 + 16, b.getLong(16 + 32), "memalloced");
        assertEquals(512, b.getLong(16 + 40), "memfreed");
        assertEquals(2, b.getLong(16 + 48), "numallocs");
        assertEquals(1, b.getLong(16 + 56), "numfrees");
        assertEquals((1 << 0) | (1 << 5), b.getLong(16 + 64), "zones 16 and 512");
        assertEquals(kernel.malloc().types().get(0).shortdesc(), name(b, 16 + (count - 1) * 72), "the oldest last");
    }

    @Test
    void zoneStatsCarryEveryZoneNewestFirst() {
        ByteBuffer b = opaque("vm.zone_stats");
        int count = b.getInt(4);
        assertEquals(88, b.getInt(8));
        java.util.List<UmaZone> zones = kernel.malloc().uma().zones();
        assertEquals(zones.size(), count);
        UmaZone first = zones.get(0);
        int at = 16 + (count - 1) * 88;
        assertEquals(first.name(), name(b, at));
        assertEquals(first.size(), b.getLong(at + 32));
        assertEquals(first.limit(), b.getLong(at + 40));
        assertEquals(first.used(), b.getLong(at + 48));
        assertEquals(first.freeItems(), b.getLong(at + 56));
        assertEquals(first.requests(), b.getLong(at + 64));
        assertEquals(first.fails(), b.getLong(at + 72));
        assertEquals(first.sleeps(), b.getLong(at + 80));
    }

    @Test
    void msgbufIsTheConsoleTextAndNanouptimeTheVirtualClock() {
        kernel.console().printf("hello from the console%n");
        String msgbuf = ((Sysctl.StringNode) kernel.sysctl().lookup("kern.msgbuf")).getter().get();
        assertTrue(msgbuf.endsWith("hello from the console\n"));
        Sysctl.LongNode up = (Sysctl.LongNode) kernel.sysctl().lookup("kern.nanouptime");
        assertEquals(machine.clock().nanos(), up.getter().getAsLong());
    }
}
