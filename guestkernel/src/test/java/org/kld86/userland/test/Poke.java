package org.kld86.userland.test;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/** A test program that misbehaves as its first argument says. */
public final class Poke {

    private Poke() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        switch (c.args()[1]) {
            case "efault" -> {
                int r = c.write(1, 0xC0100000L, 16);
                c.write(1, "write returned " + r + "\n");
                r = c.write(1, 0x1000L, 16);
                c.write(1, "write returned " + r + "\n");
            }
            case "kernel" -> UserCpu.read32(0xC0100000L);
            case "null" -> UserCpu.write32(0, 1);
            case "text" -> UserCpu.write32(0x08048000L, 1);
            case "heap" -> {
                long p = c.malloc(100000);
                UserCpu.write32(p + 99996, 42);
                c.write(1, "heap ok " + UserCpu.read32(p + 99996) + "\n");
            }
            case "hog" -> {
                // 128 MiB of anonymous memory on a 64 MiB machine, every page touched.
                long len = 128L << 20;
                long p = c.mmap(0, len, 3, 0x1000 | 0x0002, -1, 0);
                c.write(1, "mapped " + (p > 0) + "\n");
                for (long off = 0; off < len; off += 4096) {
                    UserCpu.write32(p + off, 1);
                }
                c.write(1, "touched it all\n");
            }
            case "kldload" -> {
                int id = c.kldload(c.args()[2]);
                c.write(1, "kldload returned " + id + "\n");
            }
            default -> {
                return 1;
            }
        }
        return 0;
    }
}
