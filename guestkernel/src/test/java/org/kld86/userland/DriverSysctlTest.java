package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * A driver's sysctls (sysctl_add_oid(9), sysctl_ctx_init(9)) seen from sysctl(8): every kind of leaf, the rights,
 * a handler that validates, tunables from kenv, a leaf name used twice, a node shared by two modules, and what
 * unload does with what a module added.
 */
class DriverSysctlTest {

    private final Guest guest = new Guest();

    DriverSysctlTest() {
        guest.module("knobs.ko", "knobs.Knobs", """
                package knobs;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Errno.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Malloc.*;
                import static org.kld86.kpi.Sysctl.*;
                @DevModule(name = "knobs")
                public final class Knobs implements ModuleEventHandler {
                    static final MallocType M_KNOBS = MallocType.define("knobs", "knobs softc");
                    static final SysctlCtxList ctx = new SysctlCtxList();
                    static final int[] verbose = {0};
                    static final int[] ticks = {42};
                    static final long[] bytes = {1L << 40};
                    static final String[] name = {"knobs"};
                    static final int[] open = {0};
                    static int size = 64;
                    static long softc;
                    static int sysctl_size(SysctlOid oidp, Object arg1, long arg2, SysctlReq req) {
                        int[] val = {size};
                        int error = sysctl_handle_int(oidp, val, 0, req);
                        if (error != 0 || req.newptr() == 0) {
                            return error;
                        }
                        if (val[0] < 16 || val[0] > 4096) {
                            return EINVAL;
                        }
                        size = val[0];
                        return 0;
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD:
                            softc = malloc(32, M_KNOBS, M_WAITOK | M_ZERO);
                            Mem.write32(softc, 7);
                            sysctl_ctx_init(ctx);
                            SysctlOid node = SYSCTL_ADD_NODE(ctx, SYSCTL_STATIC_CHILDREN("hw"), OID_AUTO, "knobs",
                                    CTLFLAG_RW, null, "knobs driver");
                            SysctlOidList kids = SYSCTL_CHILDREN(node);
                            SYSCTL_ADD_INT(ctx, kids, OID_AUTO, "verbose", CTLFLAG_RWTUN, verbose, 0, "verbosity");
                            SYSCTL_ADD_UINT(ctx, kids, OID_AUTO, "count", CTLFLAG_RW, softc, 0, "softc counter");
                            SYSCTL_ADD_INT(ctx, kids, OID_AUTO, "maxlen", CTLFLAG_RD, (int[]) null, 512, "limit");
                            SYSCTL_ADD_LONG(ctx, kids, OID_AUTO, "ticks", CTLFLAG_RD, ticks, "ticks");
                            SYSCTL_ADD_U64(ctx, kids, OID_AUTO, "bytes", CTLFLAG_RD, bytes, 0, "bytes moved");
                            SYSCTL_ADD_STRING(ctx, kids, OID_AUTO, "name", CTLFLAG_RW, name, 8, "a name");
                            SYSCTL_ADD_CONST_STRING(ctx, kids, OID_AUTO, "version", CTLFLAG_RD, "1.0", "version");
                            SYSCTL_ADD_INT(ctx, kids, OID_AUTO, "open", CTLFLAG_RW | CTLFLAG_ANYBODY, open, 0,
                                    "anybody may set");
                            SYSCTL_ADD_PROC(ctx, kids, OID_AUTO, "size", CTLTYPE_INT | CTLFLAG_RWTUN, null, 0,
                                    Knobs::sysctl_size, "I", "buffer size, 16 to 4096");
                            SysctlOid again = SYSCTL_ADD_INT(ctx, kids, OID_AUTO, "verbose", CTLFLAG_RW, open, 0,
                                    "a second verbose");
                            SYSCTL_ADD_INT(ctx, kids, OID_AUTO, "again_is_null", CTLFLAG_RD, (int[]) null,
                                    again == null ? 1 : 0, "whether the second verbose was refused");
                            return 0;
                        case MOD_UNLOAD:
                            if (Kern.TUNABLE_INT_FETCH("knobs.leak", 0) == 0) {
                                int error = sysctl_ctx_free(ctx);
                                if (error != 0) {
                                    return error;
                                }
                            }
                            free(softc, M_KNOBS);
                            return 0;
                        default:
                            return EOPNOTSUPP;
                        }
                    }
                }
                """);
        guest.module("extra.ko", "extra.Extra", """
                package extra;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Errno.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Sysctl.*;
                @DevModule(name = "extra")
                public final class Extra implements ModuleEventHandler {
                    static final SysctlCtxList ctx = new SysctlCtxList();
                    static final int[] level = {9};
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD:
                            sysctl_ctx_init(ctx);
                            SysctlOidList under = Kern.TUNABLE_INT_FETCH("extra.share", 0) != 0
                                    ? SYSCTL_CHILDREN(SYSCTL_ADD_NODE(ctx, SYSCTL_STATIC_CHILDREN("hw"), OID_AUTO,
                                            "knobs", CTLFLAG_RW, null, "shared"))
                                    : SYSCTL_STATIC_CHILDREN("hw.knobs");
                            SYSCTL_ADD_INT(ctx, under, OID_AUTO, "extra", CTLFLAG_RW, level, 0,
                                    "a knob from another module");
                            return 0;
                        case MOD_UNLOAD:
                            return sysctl_ctx_free(ctx);
                        default:
                            return EOPNOTSUPP;
                        }
                    }
                }
                """);
    }

    @Test
    void aHandlerThatThrowsIsAPanicNamingTheModuleAndLine() {
        guest.module("bug.ko", "bug.Bug", """
                package bug;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Sysctl.*;
                @DevModule(name = "bug")
                public final class Bug implements ModuleEventHandler {
                    static final SysctlCtxList ctx = new SysctlCtxList();
                    static int divisor;
                    static int ratio(SysctlOid oidp, Object arg1, long arg2, SysctlReq req) {
                        return sysctl_handle_int(oidp, null, 100 / divisor, req);
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == MOD_LOAD) {
                            sysctl_ctx_init(ctx);
                            SYSCTL_ADD_PROC(ctx, SYSCTL_STATIC_CHILDREN("debug"), OID_AUTO, "bug_ratio",
                                    CTLTYPE_INT | CTLFLAG_RD, null, 0, Bug::ratio, "I", "divides by zero");
                        } else if (what == MOD_UNLOAD) {
                            sysctl_ctx_free(ctx);
                        }
                        return 0;
                    }
                }
                """);
        org.kld86.kernel.KernelPanic p = assertThrows(org.kld86.kernel.KernelPanic.class,
                () -> guest.sh("kldload bug; sysctl debug.bug_ratio"));
        assertTrue(p.getMessage().matches("bug\\.ko: java\\.lang\\.ArithmeticException: / by zero"
                + " at bug\\.Bug\\.ratio\\(Bug\\.java:\\d+\\)"), p.getMessage());
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void everyKindOfLeafReadsAsSysctlPrintsIt() {
        Guest.Run r = guest.sh("kldload knobs; sysctl hw.knobs");
        assertEquals("""
                hw.knobs.again_is_null: 1
                hw.knobs.bytes: 1099511627776
                hw.knobs.count: 7
                hw.knobs.maxlen: 512
                hw.knobs.name: knobs
                hw.knobs.open: 0
                hw.knobs.size: 64
                hw.knobs.ticks: 42
                hw.knobs.verbose: 0
                hw.knobs.version: 1.0
                """, r.out());
        assertTrue(guest.run("dmesg").out().contains("sysctl_add_oid: can't re-use a leaf (hw.knobs.verbose)!\n"),
                "the second verbose was refused with kern_sysctl.c's message");
    }

    @Test
    void settingGoesThroughToTheDriversVariables() {
        Guest.Run r = guest.sh("kldload knobs; sysctl hw.knobs.verbose=3 hw.knobs.count=4000000000"
                + " hw.knobs.name=eight; sysctl -n hw.knobs.verbose hw.knobs.count hw.knobs.name");
        assertEquals("""
                hw.knobs.verbose: 0 -> 3
                hw.knobs.count: 7 -> 4000000000
                hw.knobs.name: knobs -> eight
                3
                4000000000
                eight
                """, r.out());
        assertEquals(0, r.exitCode());
    }

    @Test
    void aHandlerValidatesWhatItIsGiven() {
        Guest.Run r = guest.sh("kldload knobs; sysctl hw.knobs.size=8; echo $?; sysctl hw.knobs.size=128;"
                + " sysctl -n hw.knobs.size");
        assertEquals("hw.knobs.size: 64\n1\nhw.knobs.size: 64 -> 128\n128\n", r.out());
        assertEquals("sysctl: hw.knobs.size=8: Invalid argument\n", r.err());
    }

    @Test
    void valuesThatDoNotFitAreRefused() {
        Guest.Run r = guest.sh("kldload knobs; sysctl hw.knobs.verbose=4294967296; sysctl hw.knobs.count=-1;"
                + " sysctl hw.knobs.name=toolongname; sysctl -n hw.knobs.verbose hw.knobs.count hw.knobs.name");
        assertEquals("""
                sysctl: hw.knobs.verbose=4294967296: Invalid argument
                sysctl: hw.knobs.count=-1: Invalid argument
                sysctl: hw.knobs.name=toolongname: Invalid argument
                """, r.err());
        assertTrue(r.out().endsWith("0\n7\nknobs\n"), r.out());
    }

    @Test
    void readOnlyLeavesAndRightsAreKept() {
        Guest.Run ro = guest.sh("kldload knobs; sysctl hw.knobs.maxlen=5; sysctl hw.knobs.version=2.0;"
                + " sysctl hw.knobs.ticks=1");
        assertEquals("""
                sysctl: oid 'hw.knobs.maxlen' is read only
                sysctl: oid 'hw.knobs.version' is read only
                sysctl: oid 'hw.knobs.ticks' is read only
                """, ro.err());
        Guest.Run u = guest.runAs(Ucred.user(), "sysctl", "hw.knobs.verbose=1", "hw.knobs.open=1");
        assertEquals("sysctl: hw.knobs.verbose=1: Operation not permitted\n", u.err());
        assertEquals("hw.knobs.verbose: 0\nhw.knobs.open: 0 -> 1\n", u.out(), "CTLFLAG_ANYBODY lets a user set it");
    }

    @Test
    void readOnlyIsSaidFromTheFlagsForAnyUserAndATunableIsNamedAsOne() {
        guest.module("ro.ko", "ro.Ro", """
                package ro;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Sysctl.*;
                @DevModule(name = "ro")
                public final class Ro implements ModuleEventHandler {
                    static final SysctlCtxList ctx = new SysctlCtxList();
                    static final int[] boot = {4};
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == MOD_LOAD) {
                            sysctl_ctx_init(ctx);
                            SYSCTL_ADD_INT(ctx, SYSCTL_STATIC_CHILDREN("debug"), OID_AUTO, "ro_boot", CTLFLAG_RDTUN,
                                    boot, 0, "set at boot only");
                        } else if (what == MOD_UNLOAD) {
                            sysctl_ctx_free(ctx);
                        }
                        return 0;
                    }
                }
                """);
        guest.sh("kldload knobs ro");
        Guest.Run u = guest.runAs(Ucred.user(), "sysctl", "hw.knobs.maxlen=5", "hw.knobs.version=2", "kern.hz=5");
        assertEquals("", u.out());
        assertEquals("""
                sysctl: oid 'hw.knobs.maxlen' is read only
                sysctl: oid 'hw.knobs.version' is read only
                sysctl: oid 'kern.hz' is read only
                """, u.err(), "sysctl(8) finds CTLFLAG_WR missing before it tries, whoever runs it");
        Guest.Run t = guest.sh("sysctl debug.ro_boot=5; echo $?; sysctl -n debug.ro_boot");
        assertEquals("1\n4\n", t.out());
        assertEquals("sysctl: oid 'debug.ro_boot' is a read only tunable\n"
                + "sysctl: Tunable values are set in /boot/loader.conf\n", t.err());
    }

    @Test
    void tunablesGiveTheFirstValue() {
        Guest.Run r = guest.sh("kenv hw.knobs.verbose=5 >/dev/null; kenv hw.knobs.size=256 >/dev/null; kldload knobs;"
                + " sysctl -n hw.knobs.verbose hw.knobs.size");
        assertEquals("5\n256\n", r.out());
        Guest.Run bad = guest.sh("kldunload knobs; kenv hw.knobs.size=1 >/dev/null; kldload knobs;"
                + " sysctl -n hw.knobs.size");
        assertEquals("64\n", bad.out(), "a tunable the handler refuses leaves the compiled-in value");
    }

    @Test
    void unloadTakesTheOidsAway() {
        Guest.Run r = guest.sh("kldload knobs; kldunload knobs; sysctl hw.knobs; kldload knobs;"
                + " sysctl -n hw.knobs.size");
        assertEquals("sysctl: unknown oid 'hw.knobs'\n", r.err());
        assertEquals("64\n", r.out(), "a second load adds them afresh");
    }

    @Test
    void whatAModuleLeavesIsRemovedWithAWarning() {
        Guest.Run r = guest.sh("kenv knobs.leak=1 >/dev/null; kldload knobs; kldunload knobs; echo $?;"
                + " sysctl -N hw.knobs");
        assertEquals("0\n", r.out());
        assertEquals("sysctl: unknown oid 'hw.knobs'\n", r.err());
        String dmesg = guest.run("dmesg").out();
        assertTrue(dmesg.contains("Warning: knobs.ko unloaded with its sysctl hw.knobs.verbose still registered;"
                + " removed.\n"), dmesg);
        assertTrue(dmesg.contains("Warning: knobs.ko unloaded with its sysctl hw.knobs.size still registered;"
                + " removed.\n"), dmesg);
    }

    @Test
    void aLeafOfAnotherModuleUnderTheNodeKeepsItsOwnerBusy() {
        Guest.Run r = guest.sh("kldload knobs extra; sysctl hw.knobs.extra; kldunload knobs; echo $?;"
                + " kldunload extra; kldunload knobs; echo $?; sysctl hw.knobs");
        assertEquals("hw.knobs.extra: 9\n1\n0\n", r.out());
        assertEquals("kldunload: can't unload file: Device busy\nsysctl: unknown oid 'hw.knobs'\n", r.err(),
                "sysctl_ctx_free is EBUSY while another module's leaf hangs under the node it would remove");
    }

    @Test
    void aModuleLettingGoOfASharedNodeDropsItsOwnReference() {
        guest.module("late.ko", "late.Late", """
                package late;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Errno.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Sysctl.*;
                @DevModule(name = "late")
                public final class Late implements ModuleEventHandler {
                    static final SysctlCtxList ctx = new SysctlCtxList();
                    static final int[] level = {3};
                    static SysctlOidList node;
                    static int attach(SysctlOid oidp, Object arg1, long arg2, SysctlReq req) {
                        int[] v = {0};
                        int error = sysctl_handle_int(oidp, v, 0, req);
                        if (error != 0 || req.newptr() == 0) {
                            return error;
                        }
                        SYSCTL_ADD_INT(ctx, node, OID_AUTO, "late", CTLFLAG_RD, level, 0, "added after load");
                        return 0;
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD:
                            sysctl_ctx_init(ctx);
                            node = SYSCTL_CHILDREN(SYSCTL_ADD_NODE(ctx, SYSCTL_STATIC_CHILDREN("hw"), OID_AUTO,
                                    "knobs", CTLFLAG_RW, null, "shared, leaves come later"));
                            SYSCTL_ADD_PROC(ctx, SYSCTL_STATIC_CHILDREN("debug"), OID_AUTO, "late_attach",
                                    CTLTYPE_INT | CTLFLAG_RW, null, 0, Late::attach, "I", "adds hw.knobs.late");
                            return 0;
                        case MOD_UNLOAD:
                            return sysctl_ctx_free(ctx);
                        default:
                            return EOPNOTSUPP;
                        }
                    }
                }
                """);
        Guest.Run r = guest.sh("kldload knobs late; kldunload knobs; sysctl debug.late_attach=1; sysctl hw.knobs;"
                + " kldunload late; sysctl hw.knobs");
        assertEquals("debug.late_attach: 0 -> 0\nhw.knobs.late: 3\n", r.out(),
                "knobs' sysctl_ctx_free and unload took knobs' reference, not late's");
        assertEquals("sysctl: unknown oid 'hw.knobs'\n", r.err());
    }

    @Test
    void aNodeBothModulesAddedLastsUntilTheSecondLetsGo() {
        Guest.Run r = guest.sh("kenv extra.share=1 >/dev/null; kldload knobs extra; kldunload knobs; echo $?;"
                + " sysctl hw.knobs; kldunload extra; sysctl hw.knobs");
        assertEquals("0\nhw.knobs.extra: 9\n", r.out(), "the node had two references: one went with knobs");
        assertEquals("sysctl: unknown oid 'hw.knobs'\n", r.err());
    }

    @Test
    void aNodeNobodyHoldsGoesWithTheLastLeafUnderIt() {
        Guest.Run r = guest.sh("kenv knobs.leak=1 >/dev/null; kldload knobs extra; kldunload knobs; sysctl hw.knobs;"
                + " kldunload extra; echo $?");
        assertEquals("hw.knobs.extra: 9\n0\n", r.out(), "knobs let go of its node; extra's leaf kept it");
        assertNull(guest.kernel.dynamicOids().lookup("hw.knobs"), "the node went with extra's leaf");
    }

    @Test
    void anOldValueTooLongForTheBufferFailsBeforeTheNewOneIsTaken() {
        guest.sh("kldload knobs");
        guest.bin.put("/bin/fsops", "org.kld86.userland.test.FsOps");
        String out = guest.run("fsops", "sysctlset", "hw.knobs.name", "zz", "3", "sysctlset", "hw.knobs.name", "zz",
                "16").out();
        assertEquals("sysctlset=-12 old=kno len=3\nsysctlset=0 old=knobs\0 len=6\n", out,
                "ENOMEM with what fits, and the name kept; with room, the old value and the new one taken");
        assertEquals("zz\n", guest.sh("sysctl -n hw.knobs.name").out());
    }
}
