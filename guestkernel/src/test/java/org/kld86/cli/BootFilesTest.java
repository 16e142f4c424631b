package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.Stat;
import org.kld86.kpi.Errno;

class BootFilesTest {

    @TempDir
    Path host;

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private BootFiles files;

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private BootFiles files() throws Exception {
        Path share = Files.createDirectories(host.resolve("share"));
        Files.writeString(share.resolve("notes.txt"), "shared\n");
        Files.writeString(host.resolve("secret.txt"), "not shared\n");
        return new BootFiles(kernel, Map.of("sh", "org.kld86.userland.test.StandInSh"), share);
    }

    @Test
    void binHoldsTheProgramsAndDevTheConsole() throws Exception {
        files = files();
        assertTrue(files.list("/bin").contains("sh"));
        assertEquals("#!program org.kld86.userland.test.StandInSh\n",
                new String(files.readExecutable(null, "/bin/sh", new int[1]), StandardCharsets.ISO_8859_1));
        assertEquals(List.of("console", "ttyu0"), files.list("/dev"));
        int[] err = {0};
        File console = files.open(null, "/dev/console", 2, 0, err);
        assertEquals(File.FREAD | File.FWRITE, console.flags);
        assertSame(kernel.consoleTty(), console.ops);
    }

    @Test
    void installedFilesAndTheSharedFolderReadButDoNotWrite() throws Exception {
        files = files();
        files.install("/tmp/s.sh", "echo\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("s.sh"), files.list("/tmp"));
        int[] err = {0};
        File f = files.open(null, "/host/notes.txt", 0, 0, err);
        Stat sb = new Stat();
        f.ops.stat(f, sb);
        assertEquals(7, sb.size);
        assertEquals(Stat.S_IFREG | 0444, sb.mode);
        assertNull(files.open(null, "/tmp/s.sh", 1, 0, err));
        assertEquals(Errno.EROFS, err[0]);
        assertNull(files.open(null, "/host/../secret.txt", 0, 0, err), "no way out of the shared folder");
        assertNotNull(files.open(null, "/host/sub/../notes.txt", 0, 0, err), "dot-dot inside it is fine");
        assertNull(files.open(null, "/nope", 0, 0, err));
        assertEquals(Errno.ENOENT, err[0]);
        assertNull(files.open(null, "/tmp", 0, 0, err));
        assertEquals(Errno.EISDIR, err[0]);
    }
}
