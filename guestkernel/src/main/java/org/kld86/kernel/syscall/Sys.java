package org.kld86.kernel.syscall;

/**
 * System call numbers: FreeBSD's (sys/sys/syscall.h) for every call FreeBSD has, so that a trace reads like a
 * FreeBSD ktrace. {@link #SPAWN} is this kernel's own: guest programs are Java code whose stack cannot be
 * duplicated, so fork(2) + execve(2) are one call, as posix_spawn(3) would have them.
 */
public final class Sys {

    private Sys() {
    }

    public static final int EXIT = 1;
    public static final int READ = 3;
    public static final int WRITE = 4;
    public static final int OPEN = 5;
    public static final int CLOSE = 6;
    public static final int WAIT4 = 7;
    public static final int UNLINK = 10;
    public static final int CHDIR = 12;
    public static final int CHMOD = 15;
    public static final int CHOWN = 16;
    public static final int GETPID = 20;
    public static final int SETUID = 23;
    public static final int GETUID = 24;
    public static final int KILL = 37;
    public static final int GETPPID = 39;
    public static final int DUP = 41;
    public static final int GETGID = 47;
    public static final int IOCTL = 54;
    public static final int EXECVE = 59;
    public static final int UMASK = 60;
    public static final int MUNMAP = 73;
    public static final int DUP2 = 90;
    public static final int FSYNC = 95;
    public static final int FCHOWN = 123;
    public static final int FCHMOD = 124;
    public static final int RENAME = 128;
    public static final int LCHOWN = 254;
    public static final int FCHMODAT = 490;
    public static final int FCHOWNAT = 491;
    public static final int MKDIR = 136;
    public static final int SETGID = 181;
    public static final int RMDIR = 137;
    public static final int NANOSLEEP = 240;
    public static final int GETDENTS = 272;
    public static final int MODNEXT = 300;
    public static final int MODFSTAT = 301;
    public static final int MODFNEXT = 302;
    public static final int MODFIND = 303;
    public static final int KLDLOAD = 304;
    public static final int KLDUNLOAD = 305;
    public static final int KLDFIND = 306;
    public static final int KLDNEXT = 307;
    public static final int KLDSTAT = 308;
    public static final int KLDFIRSTMOD = 309;
    public static final int KENV = 390;
    public static final int REBOOT = 55;
    public static final int OBREAK = 17;
    public static final int KLDUNLOADF = 444;
    public static final int MMAP = 477;
    public static final int LSEEK = 478;
    public static final int GETCWD = 326;
    public static final int PIPE2 = 542;
    public static final int UTIMENSAT = 547;
    public static final int FSTAT = 551;
    public static final int FSTATAT = 552;
    /** __sysctlbyname(2) of FreeBSD 12+. */
    public static final int SYSCTLBYNAME = 570;
    /** This kernel's fork + execve in one call (see the class comment). */
    public static final int SPAWN = 600;
    /**
     * This kernel's: the kind of a sysctl node, or the name and kind of the next one, for sysctl(8) (FreeBSD asks
     * the {0,2} and {0,4} meta-nodes, which need numeric MIBs this kernel does not have).
     */
    public static final int SYSCTLINFO = 602;
}
