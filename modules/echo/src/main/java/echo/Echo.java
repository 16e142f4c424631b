package echo;

import static org.kld86.kpi.Conf.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.Kld.*;
import static org.kld86.kpi.Malloc.*;
import static org.kld86.kpi.Systm.*;
import static org.kld86.kpi.Uio.*;

import org.kld86.kpi.Array;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.DevModule;
import org.kld86.kpi.Field;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.MallocType;
import org.kld86.kpi.Mem;
import org.kld86.kpi.ModuleEventHandler;
import org.kld86.kpi.Struct;
import org.kld86.kpi.Td;
import org.kld86.kpi.Uio;

/**
 * echo-2.0, the echo driver of "FreeBSD Device Drivers" chapter 2 (Example 2-1): a character device that keeps
 * the last message written to it in a malloc'ed {@code echo_t} of its own malloc type, M_ECHO "echo_buffer", and
 * gives it back on read.
 *
 * <p>As in the book, the buffer is malloc'ed at MOD_LOAD with M_WAITOK and without M_ZERO: on an INVARIANTS kernel
 * its length field reads 0xdeadc0de, a negative int, so a read before any write returns end of file. A write keeps
 * at most BUFFER_SIZE - 1 bytes and replaces the previous message; it moves the data with uiomove, so write(2)
 * reports every byte it was given as taken (the bytes past 255 are dropped, not left for a retry). A read honours
 * the offset and then returns end of file, so cat shows the message once.
 *
 * <p>{@code kldload echo; vmstat -m} shows the seed's row {@code   echo_buffer     1     1K       -        1  512}:
 * sizeof(echo_t) is 260, which malloc rounds up to its 512-byte zone.
 */
@DevModule(name = "echo")
public final class Echo implements ModuleEventHandler {

    static final int BUFFER_SIZE = 256;

    /** MALLOC_DEFINE(M_ECHO, "echo_buffer", "buffer for echo driver"); */
    static final MallocType M_ECHO = MallocType.define("echo_buffer", "buffer for echo driver");

    /** typedef struct echo { char buffer[BUFFER_SIZE]; int length; } echo_t; */
    public interface echo_t {
        @Field(0) @Array(length = BUFFER_SIZE) long buffer();

        @Field(1) int length();

        void length(int value);
    }

    static final Cdevsw echo_cdevsw = new Cdevsw()
            .d_version(D_VERSION)
            .d_open(Echo::echo_open)
            .d_close(Echo::echo_close)
            .d_read(Echo::echo_read)
            .d_write(Echo::echo_write)
            .d_name("echo");

    private static echo_t echo_message;
    private static Cdev echo_dev;

    static int echo_open(Cdev dev, int oflags, int devtype, Td td) {
        uprintf("Opening echo device.\n");
        return 0;
    }

    static int echo_close(Cdev dev, int fflag, int devtype, Td td) {
        uprintf("Closing echo device.\n");
        return 0;
    }

    static int echo_write(Cdev dev, Uio uio, int ioflag) {
        long amount = Math.min(uio.uio_resid, BUFFER_SIZE - 1);
        int error = uiomove(echo_message.buffer(), amount, uio);
        if (error != 0) {
            uprintf("Write failed.\n");
            return error;
        }
        Mem.write8(echo_message.buffer() + amount, 0);
        echo_message.length((int) amount);
        // The rest of the request is taken and dropped: the message keeps at most BUFFER_SIZE - 1 bytes.
        uio.uio_offset += uio.uio_resid;
        uio.uio_resid = 0;
        return 0;
    }

    static int echo_read(Cdev dev, Uio uio, int ioflag) {
        long remaining = echo_message.length() - uio.uio_offset;
        long amount = Math.min(uio.uio_resid, remaining > 0 ? remaining : 0);
        int error = uiomove(echo_message.buffer() + uio.uio_offset, amount, uio);
        if (error != 0) {
            uprintf("Read failed.\n");
        }
        return error;
    }

    @Override
    public int modevent(KldModule mod, int event, Object arg) {
        int error = 0;
        switch (event) {
            case MOD_LOAD:
                echo_message = Struct.at(echo_t.class, malloc(Struct.sizeof(echo_t.class), M_ECHO, M_WAITOK));
                echo_dev = make_dev(echo_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "echo");
                uprintf("Echo driver loaded.\n");
                break;
            case MOD_UNLOAD:
                destroy_dev(echo_dev);
                free(Struct.addressOf(echo_message), M_ECHO);
                uprintf("Echo driver unloaded.\n");
                break;
            default:
                error = EOPNOTSUPP;
                break;
        }
        return error;
    }
}
