package org.kld86.userland.testkit;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * The testkit's agent: a user program that holds a test's open device files and makes the system calls the
 * test asks for, so every byte a test writes to a driver travels the real path (a user process's memory, the
 * system call, devfs, the driver, copyin through the process's page tables).
 *
 * <p>It reads one request per line on descriptor 0 and answers one line on descriptor 1; numbers are decimal,
 * data is hexadecimal; a result below zero is a negated errno:
 * <pre>
 *   open HEXPATH FLAGS               -&gt; fd
 *   close FD                         -&gt; result
 *   write FD HEXDATA                 -&gt; count
 *   read FD MAX                      -&gt; count HEXDATA
 *   lseek FD OFFSET WHENCE           -&gt; offset
 *   ioctl FD CMD val VALUE           -&gt; result            (the argument is the value itself)
 *   ioctl FD CMD ptr HEXIN OUTLEN    -&gt; result HEXOUT     (the argument points at a buffer holding HEXIN;
 *                                                           OUTLEN bytes of it are sent back afterwards)
 *   exit                             (ends the agent)
 * </pre>
 * The host end of both descriptors is the testkit's channel; the descriptors for devices are the agent's own.
 */
public final class Agent {

    private Agent() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        long buf = 0;
        int bufSize = 0;
        StringBuilder line = new StringBuilder();
        byte[] in = new byte[512];
        for (;;) {
            int nl = line.indexOf("\n");
            if (nl < 0) {
                int n = c.read(0, in, 0, in.length);
                if (n <= 0) {
                    return 0; // the test is over
                }
                line.append(new String(in, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                continue;
            }
            String request = line.substring(0, nl);
            line.delete(0, nl + 1);
            String[] f = request.split(" ");
            String reply;
            switch (f[0]) {
                case "open" -> reply = Integer.toString(c.open(new String(unhex(f[1]),
                        java.nio.charset.StandardCharsets.ISO_8859_1), Integer.parseInt(f[2]), 0));
                case "close" -> reply = Integer.toString(c.close(Integer.parseInt(f[1])));
                case "write" -> {
                    byte[] data = unhex(f.length > 2 ? f[2] : "");
                    reply = Integer.toString(c.write(Integer.parseInt(f[1]), data, 0, data.length));
                }
                case "read" -> {
                    int max = Integer.parseInt(f[2]);
                    byte[] data = new byte[Math.max(max, 1)];
                    int n = c.read(Integer.parseInt(f[1]), data, 0, max);
                    reply = n + " " + hex(data, Math.max(n, 0));
                }
                case "lseek" -> reply = Long.toString(c.lseek(Integer.parseInt(f[1]), Long.parseLong(f[2]),
                        Integer.parseInt(f[3])));
                case "ioctl" -> {
                    int fd = Integer.parseInt(f[1]);
                    long cmd = Long.parseLong(f[2]);
                    if (f[3].equals("val")) {
                        reply = Integer.toString(c.ioctl(fd, cmd, Long.parseLong(f[4]) & 0xFFFFFFFFL));
                    } else {
                        byte[] arg = unhex(f[4]);
                        int outLen = Integer.parseInt(f[5]);
                        int need = Math.max(Math.max(arg.length, outLen), 1);
                        if (need > bufSize) {
                            if (buf != 0) {
                                c.free(buf);
                            }
                            buf = c.malloc(need);
                            bufSize = need;
                        }
                        UserCpu.write(buf, arg, 0, arg.length);
                        int r = c.ioctl(fd, cmd, buf);
                        byte[] out = new byte[outLen];
                        UserCpu.read(buf, out, 0, outLen);
                        reply = r + " " + hex(out, outLen);
                    }
                }
                case "exit" -> {
                    return 0;
                }
                default -> reply = "-22";
            }
            byte[] r = (reply + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            c.write(1, r, 0, r.length);
        }
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    static String hex(byte[] b, int n) {
        char[] out = new char[2 * n];
        for (int i = 0; i < n; i++) {
            out[2 * i] = DIGITS[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[b[i] & 0xF];
        }
        return new String(out);
    }

    static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
