package org.kld86.userland.libc;

/**
 * The layouts of the structures the kernel and user programs exchange, i386 and little-endian, as both sides
 * must agree on them byte for byte. Sizes and offsets in bytes.
 *
 * <pre>
 * struct stat (this kernel's, 13 x u64):  dev ino mode nlink uid gid rdev size atime mtime ctime blksize blocks
 * struct dirent (FreeBSD 12+):            u64 d_fileno, u64 d_off, u16 d_reclen, u8 d_type, u8 pad,
 *                                         u16 d_namlen, u16 pad, char d_name[d_namlen + 1], padded to 8
 * struct kld_file_stat (i386):            int version; char name[1024]; int refs; int id;
 *                                         caddr_t address; size_t size; char pathname[1024]   (2068 bytes)
 * struct module_stat (i386):              int version; char name[32]; int refs; int id; int data   (48 bytes)
 * spawn file action (this kernel's):      int op; int fd; int newfd; char *path; int oflag; int mode   (24)
 * struct timespec (i386):                 time_t tv_sec (32 bits, seconds since boot here); long tv_nsec   (8)
 *
 * statistics streams (sysctl kern.malloc_stats and vm.zone_stats, this kernel's layout):
 *   header (16):                          u32 version (1); u32 count; u32 record size; u32 reserved
 *   then count records, newest first (the kernel's list order; libmemstat reverses it, so tools print the
 *   oldest first):
 *   malloc type (72):                     char name[32] (NUL-padded); u64 memalloced; u64 memfreed;
 *                                         u64 numallocs; u64 numfrees; u64 sizemask (bit i: zone 16 << i used)
 *   UMA zone (88):                        char name[32]; u64 size; u64 limit; u64 used; u64 free;
 *                                         u64 requests; u64 fail; u64 sleep
 *
 * process table (sysctl kern.proc.all, this kernel's layout): the same 16-byte header (version 1), then one
 * record a process, in pid order (364):   u32 pid; u32 ppid (0: none); u32 uid; u32 gid;
 *                                         u8 stat ('R', 'S', 'I', 'D', 'Z'); u8 flags (1 session leader,
 *                                         2 controlling terminal); u16 reserved; u32 reserved;
 *                                         u64 start (ns since boot); u64 runtime (ns on the CPU);
 *                                         u64 vsize (bytes); u64 rss (pages); char tty[16] ("" for none);
 *                                         char wmesg[16]; char comm[20]; char args[256] (NUL after each)
 * </pre>
 */
public final class Structs {

    private Structs() {
    }

    public static final int STAT_SIZE = 13 * 8;
    public static final int MAXPATHLEN = 1024;
    public static final int KLD_FILE_STAT_SIZE = 4 + MAXPATHLEN + 4 + 4 + 4 + 4 + MAXPATHLEN;
    public static final int MAXMODNAME = 32;
    public static final int MODULE_STAT_SIZE = 4 + MAXMODNAME + 4 + 4 + 4;
    public static final int FILE_ACTION_SIZE = 24;
    public static final int TIMESPEC_SIZE = 8;
    public static final int DIRENT_HEADER = 8 + 8 + 2 + 1 + 1 + 2 + 2;

    /** The statistics streams (see the class comment). */
    public static final int STATS_VERSION = 1;
    public static final int STATS_HEADER = 16;
    public static final int STATS_NAME = 32;
    public static final int MALLOC_STATS_RECORD = STATS_NAME + 5 * 8;
    public static final int ZONE_STATS_RECORD = STATS_NAME + 7 * 8;

    /** The process table (see the class comment). */
    public static final int PROC_RECORD = 364;
    public static final int PROC_SESSION_LEADER = 1;
    public static final int PROC_CONTROLLING_TTY = 2;

    /** Spawn file actions. */
    public static final int FA_CLOSE = 1;
    public static final int FA_DUP2 = 2;
    public static final int FA_OPEN = 3;

    /** d_type values. */
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
}
