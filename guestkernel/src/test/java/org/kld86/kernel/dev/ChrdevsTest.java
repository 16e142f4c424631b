package org.kld86.kernel.dev;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Chrdev.*;
import static org.kld86.kpi.Kdev.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kpi.Errno;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.LinuxCdev;

/** fs/char_dev.c: regions of device numbers, cdevs on them, their nodes, and /proc/devices. */
class ChrdevsTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private String procDevices() {
        return new String(g.kernel.vfs().readFile("/proc/devices", null, new int[1]), StandardCharsets.ISO_8859_1);
    }

    @Test
    void dynamicMajorsAreHandedOutFrom254Down() {
        int[] dev = new int[1];
        assertEquals(0, alloc_chrdev_region(dev, 0, 4, "scull"));
        assertEquals(MKDEV(254, 0), dev[0]);
        assertEquals(0, alloc_chrdev_region(dev, 3, 1, "other"));
        assertEquals(MKDEV(253, 3), dev[0]);
        assertEquals(0, register_chrdev_region(MKDEV(252, 0), 1, "fixed"));
        assertEquals(0, alloc_chrdev_region(dev, 0, 1, "third"));
        assertEquals(251, MAJOR(dev[0]), "a major in use is skipped");
    }

    @Test
    void overlappingMinorsOfOneMajorAreBusyAndAdjacentOnesAreNot() {
        assertEquals(0, register_chrdev_region(MKDEV(200, 0), 4, "a"));
        assertEquals(-Errno.EBUSY, register_chrdev_region(MKDEV(200, 2), 4, "b"));
        assertEquals(-Errno.EBUSY, register_chrdev_region(MKDEV(200, 0), 1, "c"));
        assertEquals(0, register_chrdev_region(MKDEV(200, 4), 2, "d"));
        assertEquals(0, register_chrdev_region(MKDEV(201, 2), 1, "e"));
        unregister_chrdev_region(MKDEV(200, 0), 4);
        assertEquals(0, register_chrdev_region(MKDEV(200, 2), 2, "b"), "free again");
    }

    @Test
    void procDevicesListsEachMajorOnceInOrder() {
        assertEquals("Character devices:\n\nBlock devices:\n", procDevices());
        register_chrdev_region(MKDEV(10, 0), 1, "misc");
        register_chrdev_region(MKDEV(100, MINORMASK - 1), 4, "span");
        int[] dev = new int[1];
        alloc_chrdev_region(dev, 0, 2, "scull");
        assertEquals("Character devices:\n 10 misc\n100 span\n101 span\n254 scull\n\nBlock devices:\n", procDevices(),
                "a range across a major boundary is a region under each major");
        unregister_chrdev_region(MKDEV(100, MINORMASK - 1), 4);
        assertEquals("Character devices:\n 10 misc\n254 scull\n\nBlock devices:\n", procDevices());
    }

    @Test
    void cdevAddMakesANodePerNumberNamedAfterItsRegionAndMinor() {
        int[] dev = new int[1];
        assertEquals(0, alloc_chrdev_region(dev, 0, 4, "scull"));
        LinuxCdev c = new LinuxCdev();
        cdev_init(c, new FileOperations());
        assertEquals(0, cdev_add(c, MKDEV(254, 1), 2));
        assertEquals(MKDEV(254, 1), c.dev);
        assertEquals(2, c.count);
        String out = g.fsops("ls", "/dev", "stat", "/dev/scull2");
        assertTrue(out.startsWith("ls=7 ./4 ../4 full/2 null/2 scull1/2 scull2/2 zero/2\n"), out);
        assertTrue(out.contains("stat=0 mode=20600 uid=0 gid=0 "), out);
        LinuxCdev lost = new LinuxCdev();
        cdev_init(lost, new FileOperations());
        assertEquals(0, cdev_add(lost, MKDEV(99, 0), 1), "a number in no region is mapped but gets no node");
        assertEquals(-Errno.EINVAL, cdev_add(new LinuxCdev(), MKDEV(254, 3), 1), "a cdev without methods");
        cdev_del(c);
        assertTrue(g.fsops("ls", "/dev").startsWith("ls=5 "));
    }

    @Test
    void anOpenOfACdevWithoutAnOpenMethodSucceedsAndAMissingReadIsEinval() {
        int[] dev = new int[1];
        alloc_chrdev_region(dev, 0, 1, "bare");
        LinuxCdev c = cdev_alloc();
        cdev_init(c, new FileOperations());
        cdev_add(c, dev[0], 1);
        assertEquals("open=3\nread=-22\nwrite=-22\nioctl=-25 val=0\nlseek=7\nmmap=-19\nclose=0\n", g.fsops("open",
                "/dev/bare0", "RDWR", "0", "read", "3", "1", "write", "3", "x", "ioctl", "3", "0x20006b00", "0",
                "lseek", "3", "7", "SET", "mmap", "3", "4096", "0", "close", "3"));
    }
}
