package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * echo_contig (FreeBSD Device Drivers, Example 2-2) through the shell: the seed's vmstat -m row of a
 * contigmalloc'ed echo_t, echo's device behaviour, the module "echo" it shares with echo.ko, and an unload that
 * leaves nothing.
 */
class EchoContigTest {

    @Test
    void theSeedsSessionThroughTheShell() {
        try (Shell s = new Shell()) {
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(0, s.sh("kldload echo_contig && vmstat -m | head -n 1 && vmstat -m | grep echo_buffer"),
                    s.transcript.toString());
            // contigmalloc charges a page to M_ECHO and no malloc zone: 4K, and nothing under Size(s).
            assertEquals("Echo driver loaded.\n"
                    + "         Type InUse MemUse HighUse Requests  Size(s)\n"
                    + "  echo_buffer     1     4K       -        1  \n", s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(0, s.sh("kldstat -q -n echo_contig.ko && cat /dev/echo; echo hello > /dev/echo; cat /dev/echo;"
                    + " kldunload echo_contig"));
            assertEquals("Opening echo device.\nClosing echo device.\n"
                    + "Opening echo device.\nClosing echo device.\n"
                    + "Opening echo device.\nhello\nClosing echo device.\n"
                    + "Echo driver unloaded.\n", s.transcript.toString(),
                    "M_ZERO: the length starts at 0, so the first cat reads nothing");
            assertEquals("", s.dmesgSince(mark), "no leak warning");
            assertEquals(before, MemoryUsage.of(s));
        }
    }

    @Test
    void aMessageKeepsAtMost255BytesAndReplacesThePreviousOne() {
        try (Shell s = new Shell()) {
            s.put("/tmp/long", "x".repeat(300).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(0, s.sh("kldload echo_contig; cat /tmp/long > /dev/echo; wc -c < /dev/echo;"
                    + " echo hi > /dev/echo; cat /dev/echo; kldunload echo_contig"));
            assertEquals("Echo driver loaded.\n"
                    + "Opening echo device.\nClosing echo device.\n"
                    + "Opening echo device.\n     255\nClosing echo device.\n"
                    + "Opening echo device.\nClosing echo device.\n"
                    + "Opening echo device.\nhi\nClosing echo device.\n"
                    + "Echo driver unloaded.\n", s.transcript.toString());
        }
    }

    @Test
    void echoAndEchoContigBothDeclareModuleEchoSoTheSecondIsRefusedAtRegistration() {
        try (Shell s = new Shell()) {
            MemoryUsage before = MemoryUsage.of(s);
            int mark = s.dmesg().length();
            assertEquals(1, s.sh("kldload echo && kldload echo_contig"));
            assertEquals("Echo driver loaded.\n"
                    + "kldload: can't load echo_contig: module already loaded or in kernel\n", s.transcript.toString());
            assertEquals("module_register: cannot register echo from echo_contig.ko; already loaded from echo.ko\n",
                    s.dmesgSince(mark), "refused before any of its code ran: no second make_dev of echo, no panic");
            s.transcript.setLength(0);
            assertEquals(0, s.sh("kldstat -q -n echo_contig.ko || echo no echo_contig.ko; vmstat -m | grep echo_buffer;"
                    + " echo still > /dev/echo; cat /dev/echo; kldunload echo_contig; kldunload echo"));
            assertEquals("no echo_contig.ko\n"
                    + "  echo_buffer     1     1K       -        1  512\n"
                    + "Opening echo device.\nClosing echo device.\n"
                    + "Opening echo device.\nstill\nClosing echo device.\n"
                    + "kldunload: can't find file echo_contig\n"
                    + "Echo driver unloaded.\n", s.transcript.toString(), "echo.ko's device and buffer are untouched");

            s.transcript.setLength(0);
            mark = s.dmesg().length();
            assertEquals(1, s.sh("kldload echo_contig && kldload echo"));
            assertEquals("Echo driver loaded.\n"
                    + "kldload: can't load echo: module already loaded or in kernel\n", s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(0, s.sh("vmstat -m | grep echo_buffer; kldunload echo_contig"));
            assertEquals("  echo_buffer     1     4K       -        1  \nEcho driver unloaded.\n",
                    s.transcript.toString());
            assertEquals("", s.dmesgSince(mark));
            assertEquals(before, MemoryUsage.of(s));
        }
    }
}
