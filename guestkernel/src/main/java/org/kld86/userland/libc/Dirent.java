package org.kld86.userland.libc;

import org.kld86.kernel.kld.rt.UserCpu;

/** One struct dirent of getdents(2) (FreeBSD 12+ layout, see {@link Structs}). */
public record Dirent(long fileno, int reclen, int type, String name) {

    static Dirent read(long p) {
        long fileno = Integer.toUnsignedLong(UserCpu.read32(p)) | ((long) UserCpu.read32(p + 4) << 32);
        int reclen = UserCpu.read16(p + 16);
        int type = UserCpu.read8(p + 18);
        int namlen = UserCpu.read16(p + 20);
        byte[] name = new byte[namlen];
        UserCpu.read(p + Structs.DIRENT_HEADER, name, 0, namlen);
        return new Dirent(fileno, reclen, type, new String(name, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
