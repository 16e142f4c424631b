package org.kld86.userland;

import java.nio.charset.StandardCharsets;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Sha256Digest;

/**
 * sha256(1) of FreeBSD's md5(1) family: {@code SHA256 (file) = <hex>} for each file, the bare digest for
 * standard input, {@code SHA256 ("string") = <hex>} for -s; -q prints the digest alone, -r as "hex file".
 * A file that cannot be read is warned about ("sha256: x: No such file or directory") and makes the status 1.
 *
 * <pre>
 * usage: sha256 [-pqrtx] [-c string] [-s string] [files ...]
 * </pre>
 */
public final class Sha256 {

    private Sha256() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Sha256::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "pqrs:tx");
        boolean quiet = false;
        boolean reverse = false;
        boolean any = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'q' -> quiet = true;
                case 'r' -> reverse = true;
                case 's' -> {
                    Sha256Digest d = new Sha256Digest();
                    byte[] b = g.optarg().getBytes(StandardCharsets.ISO_8859_1);
                    d.update(b, 0, b.length);
                    String hex = d.hexDigest();
                    String label = "\"" + g.optarg() + "\"";
                    c.puts(quiet ? hex + "\n" : reverse ? hex + " " + label + "\n" : "SHA256 (" + label + ") = " + hex + "\n");
                    any = true;
                }
                case 'p', 't', 'x' -> { }
                default -> {
                    c.stderr().puts("usage: sha256 [-pqrtx] [-c string] [-s string] [files ...]\n");
                    return 1;
                }
            }
        }
        String[] files = g.rest();
        if (files.length == 0) {
            if (any) {
                return 0;
            }
            String hex = digest(c, 0);
            c.puts(hex + "\n");
            return 0;
        }
        int status = 0;
        for (String f : files) {
            int fd = c.openFileOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            String hex = digest(c, fd);
            c.close(fd);
            if (hex == null) {
                c.stdout().flush();
                c.warn(f, -5);
                status = 1;
                continue;
            }
            c.puts(quiet ? hex + "\n" : reverse ? hex + " " + f + "\n" : "SHA256 (" + f + ") = " + hex + "\n");
        }
        return status;
    }

    private static String digest(Libc c, int fd) {
        Sha256Digest d = new Sha256Digest();
        byte[] buf = new byte[4096];
        for (;;) {
            int n = c.read(fd, buf, 0, buf.length);
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                return d.hexDigest();
            }
            d.update(buf, 0, n);
        }
    }
}
