package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestCompleterTest {

    @TempDir
    Path modules;

    @Test
    void moduleNamesAreTheKoFilesWithoutTheirExtension() throws Exception {
        Files.write(modules.resolve("echo.ko"), new byte[0]);
        Files.write(modules.resolve("scullp.ko"), new byte[0]);
        Files.write(modules.resolve("README"), new byte[0]);
        GuestFiles none = new GuestFiles() {
            @Override
            public void install(String path, byte[] data) {
            }

            @Override
            public List<String> list(String dir) {
                return List.of();
            }
        };
        GuestCompleter c = new GuestCompleter(none, List.of(modules, modules.resolve("gone")));
        assertEquals(new TreeSet<>(List.of("echo", "scullp")), c.moduleNames());
    }
}
