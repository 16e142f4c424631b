package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void theSeedsSessionThroughTheShell() {
        try (Shell s = new Shell()) {
            assertEquals(0, s.sh("kldload echo && vmstat -m | head -n 1 && vmstat -m | grep echo_buffer"),
                    s.transcript.toString());
            assertEquals("Echo driver loaded.\n"
                    + "         Type InUse MemUse HighUse Requests  Size(s)\n"
                    + "  echo_buffer     1     1K       -        1  512\n", s.transcript.toString());
            s.transcript.setLength(0);
            assertEquals(1, s.sh("echo hello > /dev/echo; cat /dev/echo; kldunload echo; cat /dev/echo"));
            assertEquals("Opening echo device.\nClosing echo device.\nOpening echo device.\nhello\n"
                    + "Closing echo device.\nEcho driver unloaded.\ncat: /dev/echo: No such file or directory\n",
                    s.transcript.toString());
        }
    }
}
