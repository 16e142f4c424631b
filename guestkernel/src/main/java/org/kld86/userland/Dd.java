package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/**
 * dd(1): copies with block sizes, counts and offsets, and reports on stderr as FreeBSD's dd does:
 * <pre>
 * 2+1 records in
 * 2+1 records out
 * 1100 bytes transferred in 0.000731 secs (1504788 bytes/sec)
 * </pre>
 * ("full+partial" blocks, then {@code "%ju bytes transferred in %.6f secs (%.0f bytes/sec)"}). The time is
 * the virtual clock's (sysctl kern.nanouptime), so the same run prints the same line every time; as in FreeBSD
 * a time under a microsecond counts as one.
 *
 * <p>Operands: if= of= bs= ibs= obs= count= skip= seek= (sizes take b k m g w and products with x). An output
 * file is created and truncated (0666 less the umask) unless seek= keeps what comes before. With bs= each block
 * read is written as one block, short ones too, as dd(1) says of bs= without conversions (a device that stops a
 * read at its quantum shows as partial records out); with ibs= and obs= the input is gathered into obs-sized
 * blocks.
 */
public final class Dd {

    private Dd() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Dd::run);
    }

    static int run(Libc c) {
        String in = null;
        String out = null;
        long ibs = 512;
        long obs = 512;
        long count = -1;
        long skip = 0;
        long seek = 0;
        boolean bs = false;
        long bsSize = 0;
        String[] a = c.args();
        for (int i = 1; i < a.length; i++) {
            int eq = a[i].indexOf('=');
            if (eq < 0) {
                c.errx(1, "unknown operand " + a[i]);
                return 1;
            }
            String op = a[i].substring(0, eq);
            String v = a[i].substring(eq + 1);
            if (op.equals("if")) {
                in = v;
                continue;
            }
            if (op.equals("of")) {
                out = v;
                continue;
            }
            if (!op.equals("bs") && !op.equals("ibs") && !op.equals("obs") && !op.equals("count")
                    && !op.equals("skip") && !op.equals("seek") && !op.equals("iseek") && !op.equals("oseek")) {
                c.errx(1, "unknown operand " + op);
                return 1;
            }
            Long n = Numbers.ddNumber(v);
            if (n == null || n < 0) {
                c.errx(1, op + ": illegal numeric value");
                return 1;
            }
            switch (op) {
                case "bs" -> {
                    bsSize = n;
                    bs = true;
                }
                case "ibs" -> ibs = n;
                case "obs" -> obs = n;
                case "count" -> count = n;
                case "skip", "iseek" -> skip = n;
                default -> seek = n;
            }
            if ((op.equals("bs") || op.equals("ibs") || op.equals("obs")) && (n == 0 || n > 64 * 1024 * 1024)) {
                c.errx(1, op + " must be between 1 and " + (64 * 1024 * 1024));
                return 1;
            }
        }
        if (bs) {
            ibs = bsSize; // bs= supersedes ibs= and obs=
            obs = bsSize;
        }
        int ifd = 0;
        if (in != null) {
            ifd = c.open(in, Libc.O_RDONLY, 0);
            if (ifd < 0) {
                c.err(1, in, ifd);
                return 1;
            }
        }
        int ofd = 1;
        if (out != null) {
            ofd = c.open(out, Libc.O_WRONLY | Libc.O_CREAT | (seek == 0 ? Libc.O_TRUNC : 0), 0666);
            if (ofd < 0) {
                c.err(1, out, ofd);
                return 1;
            }
        }
        long start = c.nanouptime();
        long inFull = 0;
        long inPart = 0;
        long outFull = 0;
        long outPart = 0;
        long bytes = 0;
        byte[] ib = new byte[(int) ibs];
        if (skip > 0 && c.lseek(ifd, skip * ibs, Libc.SEEK_CUR) < 0) {
            for (long k = 0; k < skip; k++) {
                if (c.read(ifd, ib, 0, ib.length) <= 0) {
                    break;
                }
            }
        }
        if (seek > 0 && c.lseek(ofd, seek * obs, Libc.SEEK_CUR) < 0) {
            c.warnx("seek: cannot seek on the output");
        }
        byte[] ob = new byte[(int) obs];
        int olen = 0;
        int status = 0;
        while (count < 0 || inFull + inPart < count) {
            int n = c.read(ifd, ib, 0, ib.length);
            if (n < 0) {
                c.warn(in == null ? "stdin" : in, n);
                status = 1;
                break;
            }
            if (n == 0) {
                break;
            }
            if (n == ib.length) {
                inFull++;
            } else {
                inPart++;
            }
            if (bs) {
                int w = writeBlock(c, ofd, ib, n);
                if (w < 0) {
                    c.warn(out == null ? "stdout" : out, w);
                    return finish(c, 1, start, inFull, inPart, outFull, outPart, bytes);
                }
                if (n == ib.length) {
                    outFull++;
                } else {
                    outPart++;
                }
                bytes += n;
                continue;
            }
            for (int off = 0; off < n; ) {
                int k = Math.min(n - off, ob.length - olen);
                System.arraycopy(ib, off, ob, olen, k);
                olen += k;
                off += k;
                if (olen == ob.length) {
                    int w = writeBlock(c, ofd, ob, olen);
                    if (w < 0) {
                        c.warn(out == null ? "stdout" : out, w);
                        return finish(c, 1, start, inFull, inPart, outFull, outPart, bytes);
                    }
                    outFull++;
                    bytes += olen;
                    olen = 0;
                }
            }
        }
        if (olen > 0) {
            int w = writeBlock(c, ofd, ob, olen);
            if (w < 0) {
                c.warn(out == null ? "stdout" : out, w);
                status = 1;
            } else {
                outPart++;
                bytes += olen;
            }
        }
        if (ofd != 1) {
            c.close(ofd);
        }
        if (ifd != 0) {
            c.close(ifd);
        }
        return finish(c, status, start, inFull, inPart, outFull, outPart, bytes);
    }

    private static int writeBlock(Libc c, int fd, byte[] b, int len) {
        for (int off = 0; off < len; ) {
            int w = c.write(fd, b, off, len - off);
            if (w < 0) {
                return w;
            }
            if (w == 0) {
                break;
            }
            off += w;
        }
        return len;
    }

    private static int finish(Libc c, int status, long startNanos, long inFull, long inPart, long outFull,
            long outPart, long bytes) {
        long nanos = Math.max(1000, c.nanouptime() - startNanos);
        c.stderr().puts(summary(inFull, inPart, outFull, outPart, bytes, nanos));
        return status;
    }

    /** The three summary lines for a copy that took {@code nanos} (at least a microsecond, as dd's 1e-6 floor). */
    static String summary(long inFull, long inPart, long outFull, long outPart, long bytes, long nanos) {
        long micros = (nanos + 500) / 1000;
        double secs = nanos / 1e9;
        long rate = (long) Math.rint(bytes / secs);
        return Libc.format("%ju+%ju records in\n%ju+%ju records out\n", inFull, inPart, outFull, outPart)
                + Libc.format("%ju bytes transferred in %ju.%06ju secs (%ju bytes/sec)\n", bytes, micros / 1_000_000,
                        micros % 1_000_000, rate);
    }
}
