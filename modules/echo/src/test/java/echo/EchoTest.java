package echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kld86.testkit.Dev;
import org.kld86.testkit.Guest;
import org.kld86.testkit.GuestFile;
import org.kld86.testkit.GuestTest;

/** The echo driver's own tests, on a machine the testkit boots with echo.ko loaded. */
@GuestTest(modules = "echo")
class EchoTest {

    @Test
    void roundTrip(@Dev("/dev/echo") GuestFile echo) {
        echo.write("hello");
        assertEquals("hello", echo.readAll());
    }

    @Test
    void aMessageKeepsAtMost255BytesAndReplacesThePreviousOne(@Dev("/dev/echo") GuestFile echo) {
        assertEquals(300, echo.write("x".repeat(300)), "uiomove takes it all; the driver keeps 255");
        assertEquals("x".repeat(255), echo.readAll());
        echo.seek(0, GuestFile.SEEK_SET);
        echo.write("short");
        assertEquals("short", echo.readAll());
    }

    @Test
    void vmstatShowsTheSeedsRow(Guest guest) {
        assertEquals("  echo_buffer     1     1K       -        1  512\n", guest.run("vmstat -m | grep echo_buffer"));
    }
}
