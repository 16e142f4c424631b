package org.kld86.userland.test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * A test program for pipes, with a child it spawns for the other end. Scenarios (first argument):
 * <pre>
 *   reader        the parent reads an empty pipe and blocks until its child writes; then end of file
 *   full          the parent writes 20000 bytes (more than the pipe holds) while its child reads them all
 *   nonblock      an O_NONBLOCK pipe: EAGAIN when empty, a short write when full, EAGAIN then
 *   epipe         write with the read end closed: EPIPE, and the process dies of SIGPIPE
 *   block         read an empty pipe whose write end this process keeps open: sleeps until killed
 *   stat          fstat of both ends
 * </pre>
 * The child runs as {@code pipeprobe child-write FD TEXT} or {@code pipeprobe child-read FD}.
 */
public final class PipeProbe {

    private PipeProbe() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        int[] fds = new int[2];
        switch (a[1]) {
            case "child-write" -> {
                int fd = Integer.parseInt(a[2]);
                c.write(1, "child: writing\n");
                c.write(fd, a[3]);
                return 0;
            }
            case "child-read" -> {
                int fd = Integer.parseInt(a[2]);
                byte[] b = new byte[1000];
                long total = 0;
                int r;
                while ((r = c.read(fd, b, 0, b.length)) > 0) {
                    total += r;
                }
                c.write(1, "child: read " + total + " then " + r + "\n");
                return 0;
            }
            case "reader" -> {
                c.pipe(fds, 0);
                int pid = c.spawn("/bin/pipeprobe", new String[] {"pipeprobe", "child-write", "" + fds[1], "ping"},
                        new String[0], List.of(Libc.FileAction.close(fds[0])));
                c.close(fds[1]);
                c.write(1, "parent: reading\n");
                byte[] b = new byte[100];
                int r = c.read(fds[0], b, 0, 100);
                c.write(1, "parent: read=" + r + ":" + new String(b, 0, Math.max(r, 0), StandardCharsets.ISO_8859_1) + "\n");
                r = c.read(fds[0], b, 0, 100);
                c.write(1, "parent: then read=" + r + "\n");
                int[] st = new int[1];
                c.wait4(pid, st, 0);
                return 0;
            }
            case "full" -> {
                c.pipe(fds, 0);
                int pid = c.spawn("/bin/pipeprobe", new String[] {"pipeprobe", "child-read", "" + fds[0]},
                        new String[0], List.of(Libc.FileAction.close(fds[1])));
                c.close(fds[0]);
                byte[] big = new byte[20000];
                int w = c.write(fds[1], big, 0, big.length);
                c.write(1, "parent: wrote " + w + "\n");
                c.close(fds[1]);
                int[] st = new int[1];
                c.wait4(pid, st, 0);
                return 0;
            }
            case "nonblock" -> {
                c.pipe(fds, Libc.O_NONBLOCK);
                byte[] b = new byte[100];
                c.write(1, "empty read=" + c.read(fds[0], b, 0, 100) + "\n");
                byte[] big = new byte[20000];
                c.write(1, "big write=" + c.write(fds[1], big, 0, big.length) + "\n");
                c.write(1, "full write=" + c.write(fds[1], big, 0, 10) + "\n");
                c.write(1, "read=" + c.read(fds[0], b, 0, 100) + "\n");
                c.write(1, "small write=" + c.write(fds[1], big, 0, 10) + "\n");
                return 0;
            }
            case "epipe" -> {
                c.pipe(fds, 0);
                c.close(fds[0]);
                c.write(1, "writing to a pipe nobody reads\n");
                c.write(fds[1], "x");
                c.write(1, "still alive\n");
                return 0;
            }
            case "block" -> {
                c.pipe(fds, 0);
                c.write(1, "blocking\n");
                byte[] b = new byte[10];
                int r = c.read(fds[0], b, 0, 10);
                c.write(1, "read returned " + r + "\n");
                return 0;
            }
            case "stat" -> {
                c.pipe(fds, 0);
                c.write(fds[1], "abc");
                Stat st = new Stat();
                c.fstat(fds[0], st);
                c.write(1, "r: mode=" + Integer.toOctalString(st.mode) + " size=" + st.size + "\n");
                c.fstat(fds[1], st);
                c.write(1, "w: mode=" + Integer.toOctalString(st.mode) + " size=" + st.size + "\n");
                c.write(1, "lseek=" + c.lseek(fds[0], 0, 0) + "\n");
                c.write(1, "read on write end=" + c.read(fds[1], new byte[1], 0, 1) + "\n");
                return 0;
            }
            default -> {
                return 1;
            }
        }
    }
}
