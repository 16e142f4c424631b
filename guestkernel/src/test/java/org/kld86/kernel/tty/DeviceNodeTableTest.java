package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.fs.TerminalFile;

class DeviceNodeTableTest {

    @Test
    void nodesAreFoundByNameAndMadeOnce() {
        DeviceNodeTable t = new DeviceNodeTable();
        TerminalFile ops = new TerminalFile(s -> { });
        t.makeDev("ttyu0", ops, "data", 0, 68, 0660);
        t.makeDev("console", ops, null, 0, 0, 0600);
        assertEquals(List.of("console", "ttyu0"), t.names());
        assertEquals(new DeviceNodeTable.Node("ttyu0", ops, "data", 0, 68, 0660), t.lookup("ttyu0"));
        assertNull(t.lookup("echo"));
        assertThrows(IllegalStateException.class, () -> t.makeDev("console", ops, null, 0, 0, 0600));
    }
}
