package scull;

import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.LinuxIoctl.*;
import static org.kld86.kpi.Uaccess.*;
import static scull.Scull.*;

import org.kld86.kpi.LinuxFile;
import org.kld86.kpi.Td;

/**
 * scull's ioctl() and the command numbers of scull.h: magic 'k', RESET 0, then the quantum and qset each as S
 * (Set through a pointer), T (Tell with the value), G (Get through a pointer), Q (Query: the return value), X
 * (eXchange: G and S at once) and H (sHift: T and Q at once), numbers 1 to 12, and the pipe devices' buffer size
 * (13, 14). They read and change the module-wide {@code scull_quantum} and {@code scull_qset}, which a device
 * takes at its next trim. A foreign type or a number past SCULL_IOC_MAXNR is ENOTTY before any argument is
 * looked at; the changing kinds need the superuser, as LDD3's capable(CAP_SYS_ADMIN) asks.
 */
final class ScullIoctl {

    private ScullIoctl() {
    }

    /* Use 'k' as magic number */
    static final int SCULL_IOC_MAGIC = 'k';

    static final int SCULL_IOCRESET = _IO(SCULL_IOC_MAGIC, 0);
    /*
     * S means "Set" through a ptr,
     * T means "Tell" directly with the argument value
     * G means "Get": reply by setting through a pointer
     * Q means "Query": response is on the return value
     * X means "eXchange": switch G and S atomically
     * H means "sHift": switch T and Q atomically
     */
    static final int SCULL_IOCSQUANTUM = _IOW(SCULL_IOC_MAGIC, 1, int.class);
    static final int SCULL_IOCSQSET = _IOW(SCULL_IOC_MAGIC, 2, int.class);
    static final int SCULL_IOCTQUANTUM = _IO(SCULL_IOC_MAGIC, 3);
    static final int SCULL_IOCTQSET = _IO(SCULL_IOC_MAGIC, 4);
    static final int SCULL_IOCGQUANTUM = _IOR(SCULL_IOC_MAGIC, 5, int.class);
    static final int SCULL_IOCGQSET = _IOR(SCULL_IOC_MAGIC, 6, int.class);
    static final int SCULL_IOCQQUANTUM = _IO(SCULL_IOC_MAGIC, 7);
    static final int SCULL_IOCQQSET = _IO(SCULL_IOC_MAGIC, 8);
    static final int SCULL_IOCXQUANTUM = _IOWR(SCULL_IOC_MAGIC, 9, int.class);
    static final int SCULL_IOCXQSET = _IOWR(SCULL_IOC_MAGIC, 10, int.class);
    static final int SCULL_IOCHQUANTUM = _IO(SCULL_IOC_MAGIC, 11);
    static final int SCULL_IOCHQSET = _IO(SCULL_IOC_MAGIC, 12);
    /* The pipe devices only have "Tell" and "Query". */
    static final int SCULL_P_IOCTSIZE = _IO(SCULL_IOC_MAGIC, 13);
    static final int SCULL_P_IOCQSIZE = _IO(SCULL_IOC_MAGIC, 14);

    static final int SCULL_IOC_MAXNR = 14;

    static final int CAP_SYS_ADMIN = 21;

    /** capable(): this kernel has no capabilities; the superuser holds them all, as on Linux by default. */
    static boolean capable(int cap) {
        return Td.curthread().cr_uid == 0;
    }

    static long scull_ioctl(LinuxFile filp, int cmd, long arg) {
        int err = 0;
        int tmp;
        long retval = 0;
        int[] v = {0};

        /*
         * extract the type and number bitfields, and don't decode
         * wrong cmds: return ENOTTY (inappropriate ioctl) before access_ok()
         */
        if (_IOC_TYPE(cmd) != SCULL_IOC_MAGIC) {
            return -ENOTTY;
        }
        if (_IOC_NR(cmd) > SCULL_IOC_MAXNR) {
            return -ENOTTY;
        }

        /*
         * the direction is a bitmask, and VERIFY_WRITE catches R/W
         * transfers. `Type' is user-oriented, while
         * access_ok is kernel-oriented, so the concept of "read" and
         * "write" is reversed
         */
        if ((_IOC_DIR(cmd) & _IOC_READ) != 0) {
            err = access_ok(VERIFY_WRITE, arg, _IOC_SIZE(cmd)) ? 0 : 1;
        } else if ((_IOC_DIR(cmd) & _IOC_WRITE) != 0) {
            err = access_ok(VERIFY_READ, arg, _IOC_SIZE(cmd)) ? 0 : 1;
        }
        if (err != 0) {
            return -EFAULT;
        }

        // __get_user leaves 0 in its variable when the user address faults, hence v[0] = 0 before each one.
        if (cmd == SCULL_IOCRESET) {
            scull_quantum = SCULL_QUANTUM;
            scull_qset = SCULL_QSET;
        } else if (cmd == SCULL_IOCSQUANTUM) { /* Set: arg points to the value */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            v[0] = 0;
            retval = get_user(v, arg);
            scull_quantum = v[0];
        } else if (cmd == SCULL_IOCTQUANTUM) { /* Tell: arg is the value */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            scull_quantum = (int) arg;
        } else if (cmd == SCULL_IOCGQUANTUM) { /* Get: arg is pointer to result */
            retval = put_user(scull_quantum, arg);
        } else if (cmd == SCULL_IOCQQUANTUM) { /* Query: return it (it's positive) */
            return scull_quantum;
        } else if (cmd == SCULL_IOCXQUANTUM) { /* eXchange: use arg as pointer */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_quantum;
            v[0] = 0;
            retval = get_user(v, arg);
            scull_quantum = v[0];
            if (retval == 0) {
                retval = put_user(tmp, arg);
            }
        } else if (cmd == SCULL_IOCHQUANTUM) { /* sHift: like Tell + Query */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_quantum;
            scull_quantum = (int) arg;
            return tmp;
        } else if (cmd == SCULL_IOCSQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            v[0] = 0;
            retval = get_user(v, arg);
            scull_qset = v[0];
        } else if (cmd == SCULL_IOCTQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            scull_qset = (int) arg;
        } else if (cmd == SCULL_IOCGQSET) {
            retval = put_user(scull_qset, arg);
        } else if (cmd == SCULL_IOCQQSET) {
            return scull_qset;
        } else if (cmd == SCULL_IOCXQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_qset;
            v[0] = 0;
            retval = get_user(v, arg);
            scull_qset = v[0];
            if (retval == 0) {
                retval = put_user(tmp, arg);
            }
        } else if (cmd == SCULL_IOCHQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_qset;
            scull_qset = (int) arg;
            return tmp;
        } else if (cmd == SCULL_P_IOCTSIZE) {
            /*
             * The following two change the buffer size for scullpipe.
             * The scullpipe device uses this same ioctl method, just to
             * write less code. Actually, it's the same driver, isn't it?
             */
            scull_p_buffer = (int) arg;
        } else if (cmd == SCULL_P_IOCQSIZE) {
            return scull_p_buffer;
        } else { /* redundant, as cmd was checked against MAXNR */
            return -ENOTTY;
        }
        return retval;
    }
}
