package org.kld86.userland.libc;

/**
 * sys/syscall.h as user programs see it: the same numbers as the kernel's table (a tripwire test keeps the two
 * in step). User code cannot name kernel classes, so it has its own copy, as a C program has its headers.
 */
public final class SyscallNumbers {

    private SyscallNumbers() {
    }

    public static final int SYS_exit = 1;
    public static final int SYS_read = 3;
    public static final int SYS_write = 4;
    public static final int SYS_open = 5;
    public static final int SYS_close = 6;
    public static final int SYS_wait4 = 7;
    public static final int SYS_unlink = 10;
    public static final int SYS_chdir = 12;
    public static final int SYS_obreak = 17;
    public static final int SYS_getpid = 20;
    public static final int SYS_setuid = 23;
    public static final int SYS_getuid = 24;
    public static final int SYS_kill = 37;
    public static final int SYS_getppid = 39;
    public static final int SYS_dup = 41;
    public static final int SYS_getgid = 47;
    public static final int SYS_ioctl = 54;
    public static final int SYS_reboot = 55;
    public static final int SYS_execve = 59;
    public static final int SYS_umask = 60;
    public static final int SYS_munmap = 73;
    public static final int SYS_dup2 = 90;
    public static final int SYS_fsync = 95;
    public static final int SYS_rename = 128;
    public static final int SYS_chmod = 15;
    public static final int SYS_chown = 16;
    public static final int SYS_fchown = 123;
    public static final int SYS_fchmod = 124;
    public static final int SYS_lchown = 254;
    public static final int SYS_fchmodat = 490;
    public static final int SYS_fchownat = 491;
    public static final int SYS_mkdir = 136;
    public static final int SYS_setgid = 181;
    public static final int SYS_rmdir = 137;
    public static final int SYS_nanosleep = 240;
    public static final int SYS_getdents = 272;
    public static final int SYS_modnext = 300;
    public static final int SYS_modfstat = 301;
    public static final int SYS_modfnext = 302;
    public static final int SYS_modfind = 303;
    public static final int SYS_kldload = 304;
    public static final int SYS_kldunload = 305;
    public static final int SYS_kldfind = 306;
    public static final int SYS_kldnext = 307;
    public static final int SYS_kldstat = 308;
    public static final int SYS_kldfirstmod = 309;
    public static final int SYS_getcwd = 326;
    public static final int SYS_kenv = 390;
    public static final int SYS_kldunloadf = 444;
    public static final int SYS_mmap = 477;
    public static final int SYS_lseek = 478;
    public static final int SYS_pipe2 = 542;
    public static final int SYS_utimensat = 547;
    public static final int SYS_fstat = 551;
    public static final int SYS_fstatat = 552;
    public static final int SYS___sysctlbyname = 570;
    public static final int SYS_spawn = 600;
    public static final int SYS_sysctlinfo = 602;
}
