package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.cli.Main;

/**
 * The two DMA drivers through the launcher ({@code kld86 -c}), as a user sees them: the probe lines on the
 * console at kldload, data through each device, and the unloads, compared as a whole transcript; the kernel log
 * must hold no complaint.
 */
class DmaTranscriptTest {

    /** The project folder: the launcher finds the modules' build output under its modules/NAME/target. */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void bothDriversLoadMoveDataAndUnloadOnTheConsole() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String script = "kldload edu; kldload isadma; echo through the edu device > /dev/edu; head -1 /dev/edu;"
                + " dd if=/dev/isadma bs=8 count=1 2>/dev/null | hd; kldunload isadma; kldunload edu; kldstat";
        int status = Main.run(HOME,
                new String[] {"--log", tmp.resolve("kld86.log").toString(), "-c", script},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("""
                edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq 11 at device 3.0 on pci0
                isadma0: <ISA streaming device> at port 0x300-0x307 irq 5 drq 1 on isa0
                through the edu device
                00000000  03 0a 11 18 1f 26 2d 34                           |.....&-4|
                00000008
                Id Refs Address        Size Name
                 1    1 0xc0400000   1e0000 kernel
                """, out.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
        String log = Files.readString(tmp.resolve("kld86.log"));
        var complaint = DriverGuest.COMPLAINT.matcher(log);
        assertFalse(complaint.find(), () -> "the kernel complained: " + complaint.group() + "\n" + log);
    }
}
