package org.kld86.userland.test;

import java.nio.charset.StandardCharsets;
import org.kld86.userland.libc.Libc;

/**
 * A test program: reads its standard input read by read, and writes "got:" and what each read returned; at end of
 * file it writes "eof" and exits 0, on an error "read error N" and exits 1. With an argument it makes only that
 * many reads.
 */
public final class LineEcho {

    private LineEcho() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        int reads = c.args().length > 1 ? Integer.parseInt(c.args()[1]) : Integer.MAX_VALUE;
        byte[] buf = new byte[256];
        for (int i = 0; i < reads; i++) {
            int n = c.read(0, buf, 0, buf.length);
            if (n < 0) {
                c.write(1, "read error " + -n + "\n");
                return 1;
            }
            if (n == 0) {
                c.write(1, "eof\n");
                return 0;
            }
            c.write(1, "got:" + new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return 0;
    }
}
