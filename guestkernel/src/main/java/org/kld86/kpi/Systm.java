package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.libkern.CFormat;

/**
 * sys/systm.h: the kernel's printf family and panic.
 *
 * <p>Formats are C's (see {@code man 9 printf}): {@code %d %u %x %lu %zu %p %s %c} with flags, width and
 * precision; {@code int}, {@code long} and pointers are 32 bits as on i386, so pass guest addresses as the long
 * they are kept in. A number given to {@code %s} is read as a C string in guest memory.
 */
public final class Systm {

    private Systm() {
    }

    /** printf(9): to the console and the message buffer. */
    public static void printf(String fmt, Object... args) {
        Kernel k = Kernel.current();
        k.console().print(format(k, fmt, args));
    }

    /**
     * uprintf(9): to the controlling terminal of the process on whose behalf the kernel runs (kldload's for a
     * MOD_LOAD message, the process doing a read or write for a device method), not to the console or dmesg.
     * With no such process, the text goes nowhere, as on FreeBSD.
     */
    public static void uprintf(String fmt, Object... args) {
        Kernel k = Kernel.current();
        k.uprintf(format(k, fmt, args));
    }

    /** snprintf(9) into a Java string: the formatted text. */
    public static String sprintf(String fmt, Object... args) {
        return format(Kernel.current(), fmt, args);
    }

    /** panic(9): the message should start with the function's name. Never returns. */
    public static RuntimeException panic(String fmt, Object... args) {
        Kernel k = Kernel.current();
        throw k.panic("%s", format(k, fmt, args));
    }

    static String format(Kernel k, String fmt, Object... args) {
        return CFormat.format(CFormat.Dialect.FREEBSD, a -> k.memory().readCString(a, 1024), fmt, args);
    }
}
