package scullp;

import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.LinuxIoctl.*;
import static org.kld86.kpi.Uaccess.*;
import static scullp.Scullp.*;

import org.kld86.kpi.LinuxFile;

/**
 * scullp's ioctl() and the command numbers of scullp.h: magic 'K', RESET 0, the order as S (Set through a pointer),
 * T (Tell with the value), G (Get through a pointer), Q (Query: the return value), X (eXchange: G and S at once)
 * and H (sHift: T and Q at once), numbers 1 to 6, and the qset the same way, 7 to 12. They change the module
 * globals {@code scullp_order} and {@code scullp_qset} only; an existing device takes them at its next trim. A
 * foreign type or a number past SCULLP_IOC_MAXNR is ENOTTY before any argument is looked at.
 */
final class ScullpIoctl {

    private ScullpIoctl() {
    }

    /* Use 'K' as magic number */
    static final int SCULLP_IOC_MAGIC = 'K';

    static final int SCULLP_IOCRESET = _IO(SCULLP_IOC_MAGIC, 0);
    /*
     * S means "Set" through a ptr,
     * T means "Tell" directly
     * G means "Get" (to a pointed var)
     * Q means "Query", response is on the return value
     * X means "eXchange": G and S atomically
     * H means "sHift": T and Q atomically
     */
    static final int SCULLP_IOCSORDER = _IOW(SCULLP_IOC_MAGIC, 1, int.class);
    static final int SCULLP_IOCTORDER = _IO(SCULLP_IOC_MAGIC, 2);
    static final int SCULLP_IOCGORDER = _IOR(SCULLP_IOC_MAGIC, 3, int.class);
    static final int SCULLP_IOCQORDER = _IO(SCULLP_IOC_MAGIC, 4);
    static final int SCULLP_IOCXORDER = _IOWR(SCULLP_IOC_MAGIC, 5, int.class);
    static final int SCULLP_IOCHORDER = _IO(SCULLP_IOC_MAGIC, 6);
    static final int SCULLP_IOCSQSET = _IOW(SCULLP_IOC_MAGIC, 7, int.class);
    static final int SCULLP_IOCTQSET = _IO(SCULLP_IOC_MAGIC, 8);
    static final int SCULLP_IOCGQSET = _IOR(SCULLP_IOC_MAGIC, 9, int.class);
    static final int SCULLP_IOCQQSET = _IO(SCULLP_IOC_MAGIC, 10);
    static final int SCULLP_IOCXQSET = _IOWR(SCULLP_IOC_MAGIC, 11, int.class);
    static final int SCULLP_IOCHQSET = _IO(SCULLP_IOC_MAGIC, 12);

    static final int SCULLP_IOC_MAXNR = 12;

    static long scullp_ioctl(LinuxFile filp, int cmd, long arg) {
        int err = 0;
        long ret = 0;
        int tmp;
        int[] v = {0};

        /* don't even decode wrong cmds: better returning  ENOTTY than EFAULT */
        if (_IOC_TYPE(cmd) != SCULLP_IOC_MAGIC) {
            return -ENOTTY;
        }
        if (_IOC_NR(cmd) > SCULLP_IOC_MAXNR) {
            return -ENOTTY;
        }

        /*
         * the type is a bitmask, and VERIFY_WRITE catches R/W
         * transfers. Note that the type is user-oriented, while
         * verify_area is kernel-oriented, so the concept of "read" and
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
        if (cmd == SCULLP_IOCRESET) {
            scullp_qset = SCULLP_QSET;
            scullp_order = SCULLP_ORDER;
        } else if (cmd == SCULLP_IOCSORDER) { /* Set: arg points to the value */
            v[0] = 0;
            ret = get_user(v, arg);
            scullp_order = v[0];
        } else if (cmd == SCULLP_IOCTORDER) { /* Tell: arg is the value */
            scullp_order = (int) arg;
        } else if (cmd == SCULLP_IOCGORDER) { /* Get: arg is pointer to result */
            ret = put_user(scullp_order, arg);
        } else if (cmd == SCULLP_IOCQORDER) { /* Query: return it (it's positive) */
            return scullp_order;
        } else if (cmd == SCULLP_IOCXORDER) { /* eXchange: use arg as pointer */
            tmp = scullp_order;
            v[0] = 0;
            ret = get_user(v, arg);
            scullp_order = v[0];
            if (ret == 0) {
                ret = put_user(tmp, arg);
            }
        } else if (cmd == SCULLP_IOCHORDER) { /* sHift: like Tell + Query */
            tmp = scullp_order;
            scullp_order = (int) arg;
            return tmp;
        } else if (cmd == SCULLP_IOCSQSET) {
            v[0] = 0;
            ret = get_user(v, arg);
            scullp_qset = v[0];
        } else if (cmd == SCULLP_IOCTQSET) {
            scullp_qset = (int) arg;
        } else if (cmd == SCULLP_IOCGQSET) {
            ret = put_user(scullp_qset, arg);
        } else if (cmd == SCULLP_IOCQQSET) {
            return scullp_qset;
        } else if (cmd == SCULLP_IOCXQSET) {
            tmp = scullp_qset;
            v[0] = 0;
            ret = get_user(v, arg);
            scullp_qset = v[0];
            if (ret == 0) {
                ret = put_user(tmp, arg);
            }
        } else if (cmd == SCULLP_IOCHQSET) {
            tmp = scullp_qset;
            scullp_qset = (int) arg;
            return tmp;
        } else { /* redundant, as cmd was checked against MAXNR */
            return -ENOTTY;
        }
        return ret;
    }
}
