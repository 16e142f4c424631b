package org.kld86.userland.libc;

import org.kld86.kernel.kld.rt.UserCpu;

/** struct module_stat (i386, see {@link Structs}): what modstat(2) reports of a module. */
public record ModStat(String name, int refs, int id, int data) {

    static ModStat read(long p) {
        String name = Libc.readString(p + 4);
        long at = p + 4 + Structs.MAXMODNAME;
        return new ModStat(name, UserCpu.read32(at), UserCpu.read32(at + 4), UserCpu.read32(at + 8));
    }
}
