package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {

    private final List<String> runs = new ArrayList<>();
    private final ConsoleOutput out = new ConsoleOutput(runs::add);

    private void send(String s) {
        for (char c : s.toCharArray()) {
            out.write(c);
        }
    }

    @Test
    void crNlBecomesNlAndEachLineIsHandedOverWhole() {
        send("one\r\ntwo\r\n");
        assertEquals(List.of("one\n", "two\n"), runs);
    }

    @Test
    void aCarriageReturnNotFollowedByANewlinePasses() {
        send("50%\r100%\r\n");
        assertEquals(List.of("50%\r100%\n"), runs);
    }

    @Test
    void aPromptIsHandedOverWhenFlushed() {
        send("# ");
        assertEquals(List.of(), runs);
        out.flush();
        assertEquals(List.of("# "), runs);
        out.flush();
        assertEquals(List.of("# "), runs, "nothing new");
    }
}
