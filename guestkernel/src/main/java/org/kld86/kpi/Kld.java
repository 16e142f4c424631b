package org.kld86.kpi;

/**
 * The module event codes and SYSINIT orders of sys/sys/module.h and sys/sys/kernel.h.
 */
public final class Kld {

    private Kld() {
    }

    /** The module is being loaded. */
    public static final int MOD_LOAD = 0;
    /** The module is being unloaded. */
    public static final int MOD_UNLOAD = 1;
    /** The system is shutting down. */
    public static final int MOD_SHUTDOWN = 2;
    /** The module is asked whether it may be unloaded (before MOD_UNLOAD). */
    public static final int MOD_QUIESCE = 3;

    public static final int SI_SUB_DRIVERS = 0x3100000;
    public static final int SI_SUB_PSEUDO = 0x7000000;
    public static final int SI_SUB_EXEC = 0x3400000;
    public static final int SI_ORDER_FIRST = 0x0000000;
    public static final int SI_ORDER_SECOND = 0x0000001;
    public static final int SI_ORDER_THIRD = 0x0000002;
    public static final int SI_ORDER_MIDDLE = 0x1000000;
    public static final int SI_ORDER_ANY = 0xfffffff;
}
