package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.fs.Stat;

/**
 * st_rdev of device nodes, and ls -l's column for it: FreeBSD's devfs gives each device its own number (the
 * node's inode number), which ls prints in hex where a file's size would be.
 */
class DeviceNumbersTest {

    private static final Pattern LINE = Pattern.compile("c[-rw]{9}  1 root  wheel  (0x[0-9a-f]+) Jan  1 00:00 (\\S+)");

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void eachDeviceHasItsOwnNumberAndLsShowsItInHex() {
        String out = guest.run("ls", "-l", "/dev/null", "/dev/zero").out();
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        Matcher a = LINE.matcher(lines[0]);
        Matcher b = LINE.matcher(lines[1]);
        assertTrue(a.matches() && b.matches(), out);
        assertNotEquals(a.group(1), b.group(1), "two devices, two numbers");
        Stat st = new Stat();
        org.kld86.kernel.vfs.Vnode root = guest.kernel.vfs().root();
        org.kld86.kernel.vfs.Namei.lookup(root, root, org.kld86.kernel.proc.Ucred.root(), "/dev/null",
                org.kld86.kernel.vfs.Namei.Op.LOOKUP).vp().getattr(st);
        assertEquals(st.ino, st.rdev, "devfs_getattr: st_rdev is the node's inode number");
        assertEquals("0x" + Long.toHexString(st.rdev), a.group(1));
    }
}
