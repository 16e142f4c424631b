package org.kld86.userland.test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Sha256Digest;

/**
 * A test program that maps a device with mmap(2) (shared, read and write, from offset 0), closes the descriptor,
 * and then works on the mapping as its arguments say, one line of output per step:
 *
 * <pre>
 * mapdev DEV LEN STEP ...
 *   sha256 N       the SHA-256 of the mapping's first N bytes (as sha256 -q prints a digest)
 *   read OFF N     the N bytes at OFF, as text
 *   write OFF TEXT stores TEXT at OFF
 *   run CMD ARG... runs CMD with the rest of the arguments while the mapping lives, and prints its status
 *   unmap          munmap(2)
 * </pre>
 * A touch of a page the device does not give (past its end, a hole) kills the program with SIGBUS.
 */
public final class MapDev {

    private MapDev() {
    }

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        int fd = c.open(a[1], Libc.O_RDWR, 0);
        if (fd < 0) {
            c.err(1, a[1], -fd);
            c.flushAll();
            return 1;
        }
        long len = Long.decode(a[2]);
        long map = c.mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        c.close(fd);
        if (map < 0) {
            c.err(1, "mmap", (int) -map);
            c.flushAll();
            return 1;
        }
        c.printf("mmap %s: ok\n", a[1]);
        for (int i = 3; i < a.length; ) {
            String step = a[i++];
            switch (step) {
                case "sha256" -> {
                    int n = Integer.decode(a[i++]);
                    Sha256Digest d = new Sha256Digest();
                    byte[] b = new byte[4096];
                    for (int off = 0; off < n; off += b.length) {
                        int k = Math.min(b.length, n - off);
                        UserCpu.read(map + off, b, 0, k);
                        d.update(b, 0, k);
                    }
                    c.printf("%s\n", d.hexDigest());
                }
                case "read" -> {
                    long off = Long.decode(a[i++]);
                    int n = Integer.decode(a[i++]);
                    byte[] b = new byte[n];
                    UserCpu.read(map + off, b, 0, n);
                    c.printf("read %d: %s\n", off, new String(b, StandardCharsets.ISO_8859_1));
                }
                case "write" -> {
                    long off = Long.decode(a[i++]);
                    byte[] b = a[i++].getBytes(StandardCharsets.ISO_8859_1);
                    UserCpu.write(map + off, b, 0, b.length);
                    c.printf("write %d: %d bytes\n", off, b.length);
                }
                case "run" -> {
                    String[] argv2 = java.util.Arrays.copyOfRange(a, i, a.length);
                    i = a.length;
                    c.flushAll();
                    int pid = c.spawn(argv2[0], argv2, c.environ(), List.of());
                    int[] st = {0};
                    if (pid < 0 || c.wait4(pid, st, 0) < 0) {
                        c.printf("run %s: %s\n", argv2[0], Libc.strerror(-pid));
                    } else {
                        c.printf("run %s: exit %d\n", argv2[0], Libc.exitStatus(st[0]));
                    }
                }
                case "unmap" -> c.printf("munmap: %d\n", c.munmap(map, len));
                default -> {
                    c.warnx("unknown step " + step);
                    c.flushAll();
                    return 1;
                }
            }
            c.flushAll();
        }
        c.flushAll();
        return 0;
    }
}
