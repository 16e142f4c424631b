package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.libkern.CFormat;

/**
 * linux/printk.h: printk and its log levels. A message may start with a level, as in
 * {@code printk(KERN_INFO + "scullp: %d devices\n", n)}; the level is kept out of the text. Every message goes to
 * the log (dmesg); messages more urgent than console_loglevel (7, so everything but KERN_DEBUG) also go to the
 * console. {@code %p} prints eight hex digits without "0x", as 2.6 kernels did (LDD3's scullp output).
 */
public final class Printk {

    private Printk() {
    }

    public static final String KERN_EMERG = "<0>";
    public static final String KERN_ALERT = "<1>";
    public static final String KERN_CRIT = "<2>";
    public static final String KERN_ERR = "<3>";
    public static final String KERN_WARNING = "<4>";
    public static final String KERN_NOTICE = "<5>";
    public static final String KERN_INFO = "<6>";
    public static final String KERN_DEBUG = "<7>";
    /** The default message level when a message has none (default_message_loglevel). */
    public static final int DEFAULT_MESSAGE_LOGLEVEL = 4;
    /** console_loglevel: messages with a lower level number reach the console. */
    public static final int CONSOLE_LOGLEVEL = 7;

    /** printk: returns the number of characters logged, without the level prefix (vprintk_emit since 3.x). */
    public static int printk(String fmt, Object... args) {
        int level = DEFAULT_MESSAGE_LOGLEVEL;
        if (fmt.length() >= 3 && fmt.charAt(0) == '<' && fmt.charAt(2) == '>' && Character.isDigit(fmt.charAt(1))) {
            level = fmt.charAt(1) - '0';
            fmt = fmt.substring(3);
        }
        Kernel k = Kernel.current();
        String text = CFormat.format(CFormat.Dialect.LINUX, a -> k.memory().readCString(a, 1024), fmt, args);
        if (level < CONSOLE_LOGLEVEL) {
            k.console().print(text);
        } else {
            k.console().log(text);
        }
        return text.length();
    }

    public static int pr_info(String fmt, Object... args) {
        return printk(KERN_INFO + fmt, args);
    }

    public static int pr_err(String fmt, Object... args) {
        return printk(KERN_ERR + fmt, args);
    }

    public static int pr_warn(String fmt, Object... args) {
        return printk(KERN_WARNING + fmt, args);
    }

    public static int pr_debug(String fmt, Object... args) {
        return printk(KERN_DEBUG + fmt, args);
    }
}
