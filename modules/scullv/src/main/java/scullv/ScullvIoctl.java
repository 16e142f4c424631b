package scullv;

import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.LinuxIoctl.*;
import static org.kld86.kpi.Uaccess.*;
import static scullv.Scullv.*;

import org.kld86.kpi.LinuxFile;

/**
 * scullv's ioctl() and the command numbers of scullv.h: magic 'K', RESET 0, the order as S (Set through a pointer),
 * T (Tell with the value), G (Get through a pointer), Q (Query: the return value), X (eXchange: G and S at once)
 * and H (sHift: T and Q at once), numbers 1 to 6, and the qset the same way, 7 to 12. They change the module
 * globals {@code scullv_order} and {@code scullv_qset} only; an existing device takes them at its next trim. A
 * foreign type or a number past SCULLV_IOC_MAXNR is ENOTTY before any argument is looked at.
 */
final class ScullvIoctl {

    private ScullvIoctl() {
    }

    /* Use 'K' as magic number */
    static final int SCULLV_IOC_MAGIC = 'K';

    static final int SCULLV_IOCRESET = _IO(SCULLV_IOC_MAGIC, 0);
    /*
     * S means "Set" through a ptr,
     * T means "Tell" directly
     * G means "Get" (to a pointed var)
     * Q means "Query", response is on the return value
     * X means "eXchange": G and S atomically
     * H means "sHift": T and Q atomically
     */
    static final int SCULLV_IOCSORDER = _IOW(SCULLV_IOC_MAGIC, 1, int.class);
    static final int SCULLV_IOCTORDER = _IO(SCULLV_IOC_MAGIC, 2);
    static final int SCULLV_IOCGORDER = _IOR(SCULLV_IOC_MAGIC, 3, int.class);
    static final int SCULLV_IOCQORDER = _IO(SCULLV_IOC_MAGIC, 4);
    static final int SCULLV_IOCXORDER = _IOWR(SCULLV_IOC_MAGIC, 5, int.class);
    static final int SCULLV_IOCHORDER = _IO(SCULLV_IOC_MAGIC, 6);
    static final int SCULLV_IOCSQSET = _IOW(SCULLV_IOC_MAGIC, 7, int.class);
    static final int SCULLV_IOCTQSET = _IO(SCULLV_IOC_MAGIC, 8);
    static final int SCULLV_IOCGQSET = _IOR(SCULLV_IOC_MAGIC, 9, int.class);
    static final int SCULLV_IOCQQSET = _IO(SCULLV_IOC_MAGIC, 10);
    static final int SCULLV_IOCXQSET = _IOWR(SCULLV_IOC_MAGIC, 11, int.class);
    static final int SCULLV_IOCHQSET = _IO(SCULLV_IOC_MAGIC, 12);

    static final int SCULLV_IOC_MAXNR = 12;

    static long scullv_ioctl(LinuxFile filp, int cmd, long arg) {
        int err = 0;
        long ret = 0;
        int tmp;
        int[] v = {0};

        /* don't even decode wrong cmds: better returning  ENOTTY than EFAULT */
        if (_IOC_TYPE(cmd) != SCULLV_IOC_MAGIC) {
            return -ENOTTY;
        }
        if (_IOC_NR(cmd) > SCULLV_IOC_MAXNR) {
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
        if (cmd == SCULLV_IOCRESET) {
            scullv_qset = SCULLV_QSET;
            scullv_order = SCULLV_ORDER;
        } else if (cmd == SCULLV_IOCSORDER) { /* Set: arg points to the value */
            v[0] = 0;
            ret = get_user(v, arg);
            scullv_order = v[0];
        } else if (cmd == SCULLV_IOCTORDER) { /* Tell: arg is the value */
            scullv_order = (int) arg;
        } else if (cmd == SCULLV_IOCGORDER) { /* Get: arg is pointer to result */
            ret = put_user(scullv_order, arg);
        } else if (cmd == SCULLV_IOCQORDER) { /* Query: return it (it's positive) */
            return scullv_order;
        } else if (cmd == SCULLV_IOCXORDER) { /* eXchange: use arg as pointer */
            tmp = scullv_order;
            v[0] = 0;
            ret = get_user(v, arg);
            scullv_order = v[0];
            if (ret == 0) {
                ret = put_user(tmp, arg);
            }
        } else if (cmd == SCULLV_IOCHORDER) { /* sHift: like Tell + Query */
            tmp = scullv_order;
            scullv_order = (int) arg;
            return tmp;
        } else if (cmd == SCULLV_IOCSQSET) {
            v[0] = 0;
            ret = get_user(v, arg);
            scullv_qset = v[0];
        } else if (cmd == SCULLV_IOCTQSET) {
            scullv_qset = (int) arg;
        } else if (cmd == SCULLV_IOCGQSET) {
            ret = put_user(scullv_qset, arg);
        } else if (cmd == SCULLV_IOCQQSET) {
            return scullv_qset;
        } else if (cmd == SCULLV_IOCXQSET) {
            tmp = scullv_qset;
            v[0] = 0;
            ret = get_user(v, arg);
            scullv_qset = v[0];
            if (ret == 0) {
                ret = put_user(tmp, arg);
            }
        } else if (cmd == SCULLV_IOCHQSET) {
            tmp = scullv_qset;
            scullv_qset = (int) arg;
            return tmp;
        } else { /* redundant, as cmd was checked against MAXNR */
            return -ENOTTY;
        }
        return ret;
    }
}
