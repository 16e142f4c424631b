package scullv;

import static org.kld86.kpi.LinuxErrno.ERESTARTSYS;
import static org.kld86.kpi.Vsprintf.sprintf;
import static scullv.Scullv.*;
import static org.kld86.kpi.Semaphore.down_interruptible;
import static org.kld86.kpi.Semaphore.up;

import org.kld86.kpi.Struct;

/**
 * /proc/scullvmem, the SCULLV_DEBUG file of LDD3's scullv in its 2.6 form: a read_proc function
 * (create_proc_read_entry) that prints into the page the kernel gives it, for each device
 *
 * <pre>
 * "\nDevice %i: qset %i, order %i, sz %li\n"     the device
 * "  item at %p, qset at %p\n"                   each item of its list
 * "    % 4i:%8p\n"                               each quantum of the last item ("dump only the last item")
 * </pre>
 * with 2.6's {@code %p} of eight hex digits. A call stops past {@code limit = count - 80}, a line short of the
 * room it was given; the next read(2) comes back with the offset reached, and scullv_proc_offset drops the lines
 * before it, so that the whole text reads out a call at a time.
 */
final class ScullvProc {

    private ScullvProc() {
    }

    /** Skips what a read at {@code offset} has already had, a line at a time (the 2.6 read_proc protocol). */
    static void scullv_proc_offset(long buf, long[] start, long[] offset, int[] len) {
        if (offset[0] == 0) {
            return;
        }
        if (offset[0] >= len[0]) {
            /* Not there yet */
            offset[0] -= len[0];
            len[0] = 0;
        } else {
            /* We're into the interesting stuff now */
            start[0] = buf + offset[0];
            offset[0] = 0;
        }
    }

    static int scullv_read_procmem(long buf, long[] start, long offset, int count, int[] eof, Object data) {
        int[] len = {0};
        long[] off = {offset};
        int limit = count - 80; /* Don't print more than this */

        start[0] = buf;
        for (int i = 0; i < scullv_devs; i++) {
            scullv_dev d = scullv_device(i);
            if (down_interruptible(scullv_sems[i]) != 0) {
                return -ERESTARTSYS;
            }
            int qset = d.qset(); /* retrieve the features of each device */
            int order = d.order();
            len[0] += sprintf(buf + len[0], "\nDevice %i: qset %i, order %i, sz %li\n", i, qset, order, size(d));
            out:
            for (long dp = Struct.addressOf(d); dp != 0; dp = dev_at(dp).next()) { /* scan the list */
                scullv_dev item = dev_at(dp);
                len[0] += sprintf(buf + len[0], "  item at %p, qset at %p\n", dp, item.data());
                scullv_proc_offset(buf, start, off, len);
                if (len[0] > limit) {
                    break out;
                }
                if (item.data() != 0 && item.next() == 0) { /* dump only the last item - save space */
                    for (int j = 0; j < qset; j++) {
                        if (ptr(item.data(), j) != 0) {
                            len[0] += sprintf(buf + len[0], "    % 4i:%8p\n", j, ptr(item.data(), j));
                        }
                        scullv_proc_offset(buf, start, off, len);
                        if (len[0] > limit) {
                            break out;
                        }
                    }
                }
            }
            up(scullv_sems[i]);
            if (len[0] > limit) {
                break;
            }
        }
        eof[0] = 1;
        return len[0];
    }
}
