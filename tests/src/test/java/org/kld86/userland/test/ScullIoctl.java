package org.kld86.userland.test;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A test program that issues the ioctls of LDD3's scull.h, scullp.h and scullv.h by name on one device, the way
 * a user program including those headers would, and prints what each returned:
 *
 * <pre>
 * scullioctl DEV REQUEST ...
 *   REQUEST  a command name, with "=VALUE" for those that take one: SCULL_IOCQQUANTUM, SCULL_IOCTQUANTUM=2000,
 *            SCULLP_IOCXORDER=1; or a raw command number with an optional raw argument: 0x6b0f, 0x6b0f=5
 * </pre>
 * The letter after "IOC" says how the argument travels, as the headers describe: S (Set) and X (eXchange) pass
 * a pointer to an int holding VALUE, G (Get) a pointer the driver fills, T (Tell) and H (sHift) VALUE itself, Q
 * (Query) and RESET nothing. One line per request: {@code NAME[(VALUE)]: RETURN}, then {@code  -> INT} with the
 * int the driver stored for G and X, or {@code NAME: strerror} when ioctl(2) fails. The device is opened
 * read-only, so that opening it does not trim it.
 */
public final class ScullIoctl {

    private ScullIoctl() {
    }

    /* asm-generic/ioctl.h */
    private static final int IOC_NONE = 0;
    private static final int IOC_WRITE = 1;
    private static final int IOC_READ = 2;
    private static final int SIZEOF_INT = 4;

    private static int ioc(int dir, int type, int nr, int size) {
        return (dir << 30) | (size << 16) | (type << 8) | nr;
    }

    /** The command numbers of scull.h (magic 'k') and of scullp.h and scullv.h (magic 'K'), by name. */
    private static int nr(String name) {
        String[] scull = {"RESET", "SQUANTUM", "SQSET", "TQUANTUM", "TQSET", "GQUANTUM", "GQSET", "QQUANTUM",
            "QQSET", "XQUANTUM", "XQSET", "HQUANTUM", "HQSET", "P_TSIZE", "P_QSIZE"};
        String[] scullpv = {"RESET", "SORDER", "TORDER", "GORDER", "QORDER", "XORDER", "HORDER", "SQSET",
            "TQSET", "GQSET", "QQSET", "XQSET", "HQSET"};
        String[] table;
        String what;
        if (name.startsWith("SCULL_P_IOC")) {
            table = scull;
            what = "P_" + name.substring("SCULL_P_IOC".length());
        } else if (name.startsWith("SCULL_IOC")) {
            table = scull;
            what = name.substring("SCULL_IOC".length());
        } else if (name.startsWith("SCULLP_IOC") || name.startsWith("SCULLV_IOC")) {
            table = scullpv;
            what = name.substring("SCULLP_IOC".length());
        } else {
            return -1;
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i].equals(what)) {
                return i;
            }
        }
        return -1;
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        if (a.length < 2) {
            c.stderr().puts("usage: scullioctl dev request ...\n");
            c.flushAll();
            return 64;
        }
        int fd = c.open(a[1], Libc.O_RDONLY, 0);
        if (fd < 0) {
            c.err(1, a[1], -fd);
            c.flushAll();
            return 1;
        }
        long intp = c.malloc(SIZEOF_INT);
        int status = 0;
        for (int i = 2; i < a.length; i++) {
            String req = a[i];
            int eq = req.indexOf('=');
            String name = eq < 0 ? req : req.substring(0, eq);
            long value = eq < 0 ? 0 : Long.decode(req.substring(eq + 1));
            int cmd;
            long arg;
            char kind;
            if (name.startsWith("0x")) {
                cmd = (int) Long.parseLong(name.substring(2), 16);
                arg = value;
                kind = 'T';
            } else {
                int nr = nr(name);
                if (nr < 0) {
                    c.warnx("unknown request " + name);
                    status = 1;
                    continue;
                }
                int type = name.startsWith("SCULL_") ? 'k' : 'K';
                String letters = name.substring(name.indexOf("IOC") + 3);
                kind = letters.equals("RESET") ? 'Q' : letters.charAt(0);
                switch (kind) {
                    case 'S' -> cmd = ioc(IOC_WRITE, type, nr, SIZEOF_INT);
                    case 'G' -> cmd = ioc(IOC_READ, type, nr, SIZEOF_INT);
                    case 'X' -> cmd = ioc(IOC_READ | IOC_WRITE, type, nr, SIZEOF_INT);
                    default -> cmd = ioc(IOC_NONE, type, nr, 0);
                }
                if (kind == 'S' || kind == 'G' || kind == 'X') {
                    UserCpu.write32(intp, (int) value);
                    arg = intp;
                } else {
                    arg = kind == 'Q' ? 0 : value;
                }
            }
            int r = c.ioctl(fd, cmd, arg);
            String shown = eq < 0 ? name : name + "(" + req.substring(eq + 1) + ")";
            if (r < 0) {
                c.printf("%s: %s\n", shown, Libc.strerror(-r));
                status = 1;
                continue;
            }
            if (kind == 'G' || kind == 'X') {
                c.printf("%s: %d -> %d\n", shown, r, UserCpu.read32(intp));
            } else {
                c.printf("%s: %d\n", shown, r);
            }
        }
        c.close(fd);
        c.flushAll();
        return status;
    }
}
