package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Shell scripts run through the launcher's non-interactive modes ({@code kld86 -c} and {@code kld86 script}) on
 * the default machine with the sample modules, compared as whole transcripts: what the console showed, and the
 * exit status. Each failure is followed by a command that still works.
 */
class LauncherTranscriptTest {

    /** The project folder: the sample modules' build output is under its modules/NAME/target. */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    Result launch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        all[0] = "--log";
        all[1] = tmp.resolve("kld86.log").toString();
        all[2] = "--program";
        all[3] = "misbehave=org.kld86.userland.test.Misbehave";
        System.arraycopy(args, 0, all, 4, args.length);
        int status = Main.run(HOME, all, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result sh(String script) {
        return launch("-c", script);
    }

    @Test
    void aDriverIsLoadedWrittenReadListedAndUnloaded() throws IOException {
        // kldstat's Size is the .ko's size, as the linker mapped the file.
        long koSize = Files.size(HOME.resolve("modules/echo/target/echo.ko"));
        Result r = sh("kldload echo; echo hello > /dev/echo; cat /dev/echo; kldstat; vmstat -m | head -1;"
                + " vmstat -m | grep echo_buffer; kldunload echo; kldstat");
        assertEquals("""
                Echo driver loaded.
                Opening echo device.
                Closing echo device.
                Opening echo device.
                hello
                Closing echo device.
                Id Refs Address        Size Name
                 1    2 0xc0400000   1e0000 kernel
                 2    1 0xfe000000 %8x echo.ko
                         Type InUse MemUse HighUse Requests  Size(s)
                  echo_buffer     1     1K       -        1  512
                Echo driver unloaded.
                Id Refs Address        Size Name
                 1    1 0xc0400000   1e0000 kernel
                """.formatted(koSize), r.out());
        assertEquals(0, r.status());
        assertEquals("kld86: kernel log in " + tmp.resolve("kld86.log") + "\n", r.err());
    }

    @Test
    void anUnknownCommandIsNotFoundAndTheNextCommandRuns() {
        Result r = sh("nosuch; echo status $?; echo still here");
        assertEquals("sh: nosuch: not found\nstatus 127\nstill here\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void aMissingFileIsEnoent() {
        Result r = sh("cat /tmp/missing; echo status $?; ls /tmp/missing || echo ls failed; echo ok > /tmp/f; cat /tmp/f");
        assertEquals("cat: /tmp/missing: No such file or directory\nstatus 1\n"
                + "ls: /tmp/missing: No such file or directory\nls failed\nok\n", r.out());
    }

    @Test
    void aFailedKldloadSaysWhyAndLoadsNothing() {
        Result r = sh("kldload nosuch; echo status $?; kldload /etc; echo status $?; kldstat | wc -l; kldload echo");
        assertEquals("kldload: can't load nosuch: No such file or directory\nstatus 1\n"
                + "linker_load_file: /etc - unsupported file type\n"
                + "kldload: an error occurred while loading module /etc. Please check dmesg(8) for more details.\n"
                + "status 1\n       2\nEcho driver loaded.\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void theUnprivilegedUserGetsEaccesOnARootDeviceAndEpermForKldload() {
        Result r = sh("kldload echo; su user -c 'cat /dev/echo'; echo status $?; su user -c 'kldunload echo';"
                + " echo status $?; echo root > /dev/echo; cat /dev/echo");
        assertEquals("""
                Echo driver loaded.
                cat: /dev/echo: Permission denied
                status 1
                kldunload: can't unload file: Operation not permitted
                status 1
                Opening echo device.
                Closing echo device.
                Opening echo device.
                root
                Closing echo device.
                """, r.out());
    }

    @Test
    void aBadPointerInASystemCallIsEfault() {
        Result r = sh("misbehave efault; echo status $?; echo fine");
        assertEquals("misbehave: write: Bad address\nmisbehave: open: Bad address\nstatus 1\nfine\n", r.out());
    }

    @Test
    void aUserProcessTouchingKernelMemoryDiesOfSigsegvAndTheKernelGoesOn() {
        Result r = sh("misbehave kernel; echo status $?; misbehave null; echo status $?; kldload echo");
        assertTrue(r.out().matches("""
                pid \\d+ \\(misbehave\\), jid 0, uid 0: exited on signal 11
                Segmentation fault
                status 139
                pid \\d+ \\(misbehave\\), jid 0, uid 0: exited on signal 11
                Segmentation fault
                status 139
                Echo driver loaded.
                """), r.out());
        assertEquals(0, r.status());
    }

    @Test
    void aScriptRunsFromAHostFileWithItsArgumentsAndExitsWithItsStatus() throws IOException {
        Path script = tmp.resolve("try.sh");
        Files.writeString(script, """
                # a comment
                echo "args: $1 $2"
                kldload echo && echo loaded
                echo "$1" > /dev/echo
                cat /dev/echo
                kldunload echo
                exit 3
                """);
        Result r = launch(script.toString(), "one", "two");
        assertEquals("""
                args: one two
                Echo driver loaded.
                loaded
                Opening echo device.
                Closing echo device.
                Opening echo device.
                one
                Closing echo device.
                Echo driver unloaded.
                """, r.out());
        assertEquals(3, r.status());
    }

    @Test
    void aSharedHostFolderIsReadOnlyAtHostAndItsFilesGoThroughADeviceAndBack() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data);
        Files.write(share.resolve("data.bin"), data);
        Result r = launch("--share", share.toString(), "-c", "ls /host; kldload scullp; cp /host/data.bin /dev/scullp0;"
                + " cp /dev/scullp0 /tmp/back; cmp /host/data.bin /tmp/back && echo same; echo x > /host/new;"
                + " echo status $?; sha256 -q /tmp/back");
        assertEquals("data.bin\nsame\nsh: cannot create /host/new: Read-only file system\nstatus 2\n"
                + sha256(data) + "\n", r.out());
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void vmstatIShowsTheInterruptsADriverTook() {
        Result r = sh("kldload edu; echo hi > /dev/edu; head -c 3 /dev/edu > /dev/null; vmstat -i;"
                + " vmstat -ai | grep -c stray");
        // One completion interrupt for the write's DMA, one for the read's; the rate is per second of uptime.
        // The names column is as wide as the longest counter name ("stray irq15"): 11.
        String expected = java.util.regex.Pattern.quote("edu0: <QEMU edu device> mem 0xfe000000-0xfe0fffff irq 11 at"
                + " device 3.0 on pci0\n")
                + java.util.regex.Pattern.quote(String.format("%-11s %20s %10s%n", "interrupt", "total", "rate"))
                + java.util.regex.Pattern.quote(String.format("%-11s %20d ", "irq11: edu0", 2)) + " *\\d+\n"
                + java.util.regex.Pattern.quote(String.format("%-11s %20d ", "Total", 2)) + " *\\d+\n"
                + "16\n";
        assertTrue(r.out().matches(expected), r.out());
    }

    @Test
    void ddWithBsWritesEachShortReadAsABlockOfItsOwnAndWithObsGathersThem() {
        Result r = sh("kldload scullp; dd if=/dev/zero of=/dev/scullp0 bs=4096 count=4 2>/dev/null;"
                + " dd if=/dev/scullp0 of=/dev/null bs=64k 2>&1 | head -2;"
                + " dd if=/dev/scullp0 of=/dev/null ibs=64k obs=64k 2>&1 | head -2");
        assertEquals("0+4 records in\n0+4 records out\n0+4 records in\n0+1 records out\n", r.out(),
                "scullp stops each read at its one-page quantum");
    }

    @Test
    void theSameScriptTwiceGivesTheSameTranscriptAndTheSameVirtualTime() {
        String script = "kldload echo; echo abc > /dev/echo; cat /dev/echo; vmstat -m | grep echo;"
                + " sysctl kern.nanouptime; dmesg | grep -c echo; kldunload echo; sysctl kern.nanouptime";
        Result a = sh(script);
        Result b = sh(script);
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("kern.nanouptime: "), a.out());
        assertEquals(a.status(), b.status());
    }
}
