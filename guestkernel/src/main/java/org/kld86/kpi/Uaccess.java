package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.UserAccess;

/**
 * asm/uaccess.h: the Linux way to reach user memory. copy_to_user and copy_from_user return the number of bytes
 * they could NOT copy (0 on success), so the idiom is {@code if (copy_to_user(buf, src, n)) return -EFAULT;}.
 * get_user and put_user move one value and return 0 or -EFAULT. Every access goes through the process's page
 * tables; a bad user pointer is a failed copy, never a crash.
 */
public final class Uaccess {

    private Uaccess() {
    }

    public static final int VERIFY_READ = 0;
    public static final int VERIFY_WRITE = 1;

    private static final int PAGE = 4096;

    /** access_ok(): whether {@code [addr, addr + size)} is a user range at all (not whether it is mapped). */
    public static boolean access_ok(int type, long addr, long size) {
        return UserAccess.userRange(addr, size);
    }

    /** copy_to_user(): {@code n} bytes from kernel {@code from} to user {@code to}; returns the bytes not copied. */
    public static long copy_to_user(long to, long from, long n) {
        return copy(to, from, n, true);
    }

    /** copy_from_user(): {@code n} bytes from user {@code from} to kernel {@code to}; returns the bytes not copied. */
    public static long copy_from_user(long to, long from, long n) {
        return copy(to, from, n, false);
    }

    /** A page at a time, so that a copy that runs into a bad page reports what it did before it. */
    private static long copy(long to, long from, long n, boolean out) {
        if (n <= 0) {
            return 0;
        }
        UserAccess ua = Kernel.current().userAccess();
        long user = out ? to : from;
        if (!UserAccess.userRange(user, n)) {
            return n;
        }
        long done = 0;
        while (done < n) {
            long chunk = Math.min(n - done, PAGE - ((user + done) & (PAGE - 1)));
            int error = out ? ua.copyout(from + done, to + done, chunk) : ua.copyin(from + done, to + done, chunk);
            if (error != 0) {
                return n - done;
            }
            done += chunk;
        }
        return 0;
    }

    /** get_user() of an int (32 bits) into {@code x[0]}: 0 or -EFAULT. */
    public static int get_user(int[] x, long ptr) {
        int[] w = new int[1];
        if (Kernel.current().userAccess().fuword32(ptr, w) != 0) {
            return -Errno.EFAULT;
        }
        x[0] = w[0];
        return 0;
    }

    /** get_user() of a short (16 bits). */
    public static int get_user(short[] x, long ptr) {
        byte[] b = new byte[2];
        if (Kernel.current().userAccess().copyin(ptr, b, 0, 2) != 0) {
            return -Errno.EFAULT;
        }
        x[0] = (short) ((b[0] & 0xff) | (b[1] << 8));
        return 0;
    }

    /** get_user() of a byte. */
    public static int get_user(byte[] x, long ptr) {
        byte[] b = new byte[1];
        if (Kernel.current().userAccess().copyin(ptr, b, 0, 1) != 0) {
            return -Errno.EFAULT;
        }
        x[0] = b[0];
        return 0;
    }

    /** put_user() of an int (32 bits): 0 or -EFAULT. */
    public static int put_user(int x, long ptr) {
        return Kernel.current().userAccess().suword32(ptr, x) == 0 ? 0 : -Errno.EFAULT;
    }

    /** put_user() of a short. */
    public static int put_user(short x, long ptr) {
        byte[] b = {(byte) x, (byte) (x >> 8)};
        return Kernel.current().userAccess().copyout(b, 0, 2, ptr) == 0 ? 0 : -Errno.EFAULT;
    }

    /** put_user() of a byte. */
    public static int put_user(byte x, long ptr) {
        return Kernel.current().userAccess().copyout(new byte[] {x}, 0, 1, ptr) == 0 ? 0 : -Errno.EFAULT;
    }
}
