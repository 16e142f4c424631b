package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.emulator.MachineConfigException;
import org.kld86.kernel.KernelOptions;

class LauncherOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void noCommandAndNoScriptIsAnInteractiveSessionWithTheDefaults() {
        LauncherOptions o = LauncherOptions.parse(new String[0]);
        assertTrue(o.interactive());
        assertEquals(KernelOptions.defaults(), o.kernel());
        assertEquals(64L << 20, o.config().ramBytes());
        assertNull(o.share());
        assertEquals(List.of(), o.moduleDirs());
    }

    @Test
    void dashCTakesTheCommandAndEverythingAfterItAreArguments() {
        LauncherOptions o = LauncherOptions.parse(new String[] {"-m", "128M", "-c", "echo hi", "-x", "y"});
        assertEquals("echo hi", o.command());
        assertEquals(List.of("-x", "y"), o.args(), "after -c, options belong to the shell");
        assertFalse(o.interactive());
        assertEquals(128L << 20, o.config().ramBytes());
    }

    @Test
    void theFirstWordThatIsNotAnOptionIsTheScript() throws Exception {
        Path script = Files.writeString(tmp.resolve("s.sh"), "echo\n");
        LauncherOptions o = LauncherOptions.parse(new String[] {"-o", "-INVARIANTS,DIAGNOSTIC", script.toString(), "a", "-b"});
        assertEquals(script, o.script());
        assertEquals(List.of("a", "-b"), o.args());
        assertEquals(new KernelOptions(false, true, false), o.kernel());
    }

    @Test
    void foldersProgramsAndTheLogAreChecked() {
        LauncherOptions o = LauncherOptions.parse(new String[] {"-M", tmp.toString(), "--share", tmp.toString(),
                "--log", "x.log", "--program", "sh=a.B", "--describe"});
        assertEquals(List.of(tmp), o.moduleDirs());
        assertEquals(tmp, o.share());
        assertEquals(Path.of("x.log"), o.log());
        assertEquals(Map.of("sh", "a.B"), o.programs());
        assertTrue(o.describe());
        assertThrows(MachineConfigException.class, () -> LauncherOptions.parse(new String[] {"--share", "/no/such/dir"}));
        assertThrows(MachineConfigException.class, () -> LauncherOptions.parse(new String[] {"--program", "sh"}));
        assertThrows(MachineConfigException.class, () -> LauncherOptions.parse(new String[] {"-c"}));
    }
}
