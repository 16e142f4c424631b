package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** default_llseek as fs/read_write.c has it for files without their own llseek. */
class LinuxFileTest {

    @Test
    void defaultLlseekMovesFromTheStartTheCurrentPositionOrTheSizeAndRefusesNegatives() {
        Inode inode = new Inode(Kdev.MKDEV(254, 0));
        inode.i_size = 100;
        LinuxFile f = new LinuxFile(new FileOperations(), inode, LinuxFile.O_RDWR, LinuxFile.FMODE_READ);
        assertEquals(10, LinuxFile.default_llseek(f, 10, LinuxFile.SEEK_SET));
        assertEquals(15, LinuxFile.default_llseek(f, 5, LinuxFile.SEEK_CUR));
        assertEquals(90, LinuxFile.default_llseek(f, -10, LinuxFile.SEEK_END));
        assertEquals(-Errno.EINVAL, LinuxFile.default_llseek(f, -91, LinuxFile.SEEK_CUR));
        assertEquals(90, f.f_pos, "a refused seek leaves the position");
        assertEquals(1L << 40, LinuxFile.default_llseek(f, 1L << 40, LinuxFile.SEEK_SET), "no upper bound");
        assertEquals(-Errno.EINVAL, LinuxFile.default_llseek(f, 0, 3));
        assertEquals(-Errno.ESPIPE, LinuxFile.no_llseek(f, 0, 0));
        assertEquals(0, Inode.iminor(inode));
        assertEquals(254, Inode.imajor(inode));
    }

    @Test
    void linuxErrnosMapToTheUsersErrno() {
        assertEquals(Errno.EINTR, LinuxErrno.toErrno(-LinuxErrno.ERESTARTSYS));
        assertEquals(Errno.ENOTTY, LinuxErrno.toErrno(-LinuxErrno.ENOIOCTLCMD));
        assertEquals(Errno.EFAULT, LinuxErrno.toErrno(-Errno.EFAULT));
    }
}
