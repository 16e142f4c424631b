package org.kld86.userland.libc;

import org.kld86.kernel.kld.rt.UserCpu;

/** struct kld_file_stat (i386, see {@link Structs}): what kldstat(2) reports of a loaded file. */
public record KldFileStat(String name, int refs, int id, long address, long size, String pathname) {

    static KldFileStat read(long p) {
        String name = Libc.readString(p + 4);
        long at = p + 4 + Structs.MAXPATHLEN;
        int refs = UserCpu.read32(at);
        int id = UserCpu.read32(at + 4);
        long address = Integer.toUnsignedLong(UserCpu.read32(at + 8));
        long size = Integer.toUnsignedLong(UserCpu.read32(at + 12));
        String path = Libc.readString(at + 16);
        return new KldFileStat(name, refs, id, address, size, path);
    }
}
