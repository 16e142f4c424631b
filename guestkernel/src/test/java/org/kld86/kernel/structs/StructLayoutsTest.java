package org.kld86.kernel.structs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Array;
import org.kld86.kpi.Field;
import org.kld86.kpi.Pointer;
import org.kld86.kpi.Struct;

class StructLayoutsTest {

    /** typedef struct echo { char buffer[256]; int length; } echo_t; */
    public interface EchoT {
        @Field(0) @Array(length = 256) long buffer();

        @Field(1) int length();

        void length(int v);
    }

    /** struct mixed { char c; long long ll; short s; void *p; double d; char tail[3]; }; */
    public interface Mixed {
        @Field(0) byte c();

        void c(byte v);

        @Field(1) long ll();

        void ll(long v);

        @Field(2) short s();

        void s(short v);

        @Field(3) @Pointer long p();

        void p(long v);

        @Field(4) double d();

        void d(double v);

        @Field(5) @Array(length = 3) long tail();
    }

    public interface Bad {
        @Field(0) String name();
    }

    public interface Twice {
        @Field(0) int a();

        @Field(0) int b();
    }

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final long page;

    StructLayoutsTest() {
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.ZERO);
        page = kernel.vm().pfnToVirt(pfn);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void echoTIs260BytesWithLengthAtOffset256() {
        assertEquals(260, Struct.sizeof(EchoT.class));
        assertEquals(0, Struct.offsetof(EchoT.class, "buffer"));
        assertEquals(256, Struct.offsetof(EchoT.class, "length"));
    }

    @Test
    void i386AlignsLongLongAndDoubleTo4InsideAStruct() {
        // c@0, ll@4 (not 8), s@12, p@16, d@20, tail@28..30, size 31 rounded to 32
        assertEquals(4, Struct.offsetof(Mixed.class, "ll"));
        assertEquals(12, Struct.offsetof(Mixed.class, "s"));
        assertEquals(16, Struct.offsetof(Mixed.class, "p"));
        assertEquals(20, Struct.offsetof(Mixed.class, "d"));
        assertEquals(28, Struct.offsetof(Mixed.class, "tail"));
        assertEquals(32, Struct.sizeof(Mixed.class));
    }

    @Test
    void viewsReadAndWriteGuestMemoryAtTheLayoutsOffsets() {
        EchoT e = Struct.at(EchoT.class, page);
        e.length(0x11223344);
        assertEquals(0x11223344, kernel.memory().read32(page + 256));
        assertEquals(page, e.buffer());
        kernel.memory().write32(page + 256, -5);
        assertEquals(-5, e.length(), "nothing is cached: the view shows memory as it is now");
        assertEquals(page, Struct.addressOf(e));
        assertTrue(e.toString().startsWith("EchoT@0x"));

        Mixed m = Struct.at(Mixed.class, page + 1024);
        m.c((byte) -2);
        m.ll(0x8877665544332211L);
        m.s((short) -3);
        m.p(0xC0DEF000L);
        m.d(2.5);
        assertEquals(-2, m.c());
        assertEquals(0x8877665544332211L, m.ll());
        assertEquals(0x44332211, kernel.memory().read32(page + 1024 + 4), "little-endian low word first");
        assertEquals(-3, m.s());
        assertEquals(0xC0DEF000L, m.p(), "a pointer reads back unsigned");
        assertEquals(2.5, m.d());
        assertEquals(page + 1024 + 28, m.tail());
    }

    @Test
    void badDescriptionsAreRefusedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Struct.sizeof(Bad.class));
        assertTrue(e.getMessage().contains("Bad.name: java.lang.String is not a C field type"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Struct.sizeof(Twice.class));
        assertTrue(e.getMessage().contains("two fields at position 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Struct.sizeof(String.class));
        assertTrue(e.getMessage().contains("described by an interface"), e.getMessage());
    }
}
