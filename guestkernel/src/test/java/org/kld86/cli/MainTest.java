package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultMachineReportsItsMemoryMap() {
        assertEquals(0, run());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("kld86 machine: 64 MiB RAM"), text);
        assertTrue(text.contains("BIOS-e820: [mem 0x0000000000100000-0x0000000003ffffff] usable"), text);
    }

    @Test
    void ramSizeAndDevicesComeFromTheCommandLine() {
        assertEquals(0, run("--ram", "256M", "--nodefaults"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("0x000000000fffffff] usable"));
    }

    @Test
    void badOptionsExitWith64AndSayWhy() {
        assertEquals(64, run("--ram", "4G"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("1 MiB to 3 GiB"));
        assertEquals(64, run("--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"));
        assertEquals(64, run("--device"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs a value"));
        assertEquals(64, run("-d", "edu,dma_mask=zz"));
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: kld86"));
    }
}
