package echo_contig;

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
 * echo_contig, Example 2-2 of "FreeBSD Device Drivers" chapter 2: echo-2.0 with its {@code echo_t} taken from
 * contigmalloc(9) instead of malloc(9). The device behaves exactly as echo's (same open, close, read and write,
 * same messages); only the allocation differs:
 *
 * <pre>
 * echo_message = contigmalloc(sizeof(echo_t), M_ECHO, M_WAITOK | M_ZERO, 0, 0xffffffff, PAGE_SIZE, 1024 * 1024);
 * ...
 * contigfree(echo_message, sizeof(echo_t), M_ECHO);
 * </pre>
 *
 * The 260-byte echo_t gets a whole zeroed page, physically anywhere below 4 GiB, page-aligned and not crossing a
 * 1 MiB boundary, and contigmalloc charges M_ECHO with the page but no malloc zone, so {@code vmstat -m} shows
 * the seed's row with an empty Size(s) column: {@code   echo_buffer     1     4K       -        1  }. With
 * M_ZERO the length starts at 0, so a read before any write returns end of file.
 *
 * <p>As in the book, the module is declared {@code DEV_MODULE(echo, ...)} and makes {@code /dev/echo}: the file
 * is echo_contig.ko but the module inside is "echo". So echo.ko and echo_contig.ko cannot be loaded together:
 * the second is refused when its module registers ("module_register: cannot register echo from echo_contig.ko;
 * already loaded from echo.ko", kldload: "module already loaded or in kernel"), before any of its code runs and
 * so long before a second make_dev of "echo" could fail.
 */
@DevModule(name = "echo")
public final class EchoContig implements ModuleEventHandler {

    static final int BUFFER_SIZE = 256;

    /** PAGE_SIZE of machine/param.h on i386. */
    static final long PAGE_SIZE = 4096;

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
            .d_open(EchoContig::echo_open)
            .d_close(EchoContig::echo_close)
            .d_read(EchoContig::echo_read)
            .d_write(EchoContig::echo_write)
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
                echo_message = Struct.at(echo_t.class, contigmalloc(Struct.sizeof(echo_t.class), M_ECHO,
                        M_WAITOK | M_ZERO, 0, 0xffffffffL, PAGE_SIZE, 1024 * 1024));
                echo_dev = make_dev(echo_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "echo");
                uprintf("Echo driver loaded.\n");
                break;
            case MOD_UNLOAD:
                destroy_dev(echo_dev);
                contigfree(Struct.addressOf(echo_message), Struct.sizeof(echo_t.class), M_ECHO);
                uprintf("Echo driver unloaded.\n");
                break;
            default:
                error = EOPNOTSUPP;
                break;
        }
        return error;
    }
}
