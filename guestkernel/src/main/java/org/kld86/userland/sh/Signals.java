package org.kld86.userland.sh;

/**
 * Signal descriptions as FreeBSD's sys_siglist words them, which sh prints when a foreground command dies of a
 * signal ("Segmentation fault"), and "Signal N" past the table.
 */
public final class Signals {

    public static final int SIGINT = 2;
    public static final int SIGPIPE = 13;

    private static final String[] NAMES = {
        "Signal 0", "Hangup", "Interrupt", "Quit", "Illegal instruction", "Trace/BPT trap", "Abort trap", "EMT trap",
        "Floating point exception", "Killed", "Bus error", "Segmentation fault", "Bad system call", "Broken pipe",
        "Alarm clock", "Terminated", "Urgent I/O condition", "Suspended (signal)", "Suspended", "Continued",
        "Child exited", "Stopped (tty input)", "Stopped (tty output)", "I/O possible", "Cputime limit exceeded",
        "Filesize limit exceeded", "Virtual timer expired", "Profiling timer expired", "Window size changes",
        "Information request", "User defined signal 1", "User defined signal 2",
    };

    private Signals() {
    }

    /** sys_siglist[sig], or "Signal N". */
    public static String describe(int sig) {
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : "Signal " + sig;
    }
}
