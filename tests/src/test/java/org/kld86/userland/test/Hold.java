package org.kld86.userland.test;

import java.util.Arrays;
import java.util.List;
import org.kld86.userland.libc.Libc;

/**
 * {@code hold FILE COMMAND [ARG ...]}: opens FILE for reading and keeps it open while COMMAND runs (found in
 * /bin), then closes it and exits with COMMAND's status. The command does not inherit the descriptor, so the
 * file is held by this process alone: what a program using a device looks like to whoever tries to unload its
 * driver meanwhile.
 */
public final class Hold {

    private Hold() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        int status = run(c);
        c.flushAll();
        return status;
    }

    private static int run(Libc c) {
        String[] a = c.args();
        if (a.length < 3) {
            c.warnx("usage: hold file command [arg ...]");
            return 64;
        }
        int fd = c.open(a[1], Libc.O_RDONLY, 0);
        if (fd < 0) {
            c.warn(a[1], fd);
            return 1;
        }
        c.flushAll();
        String[] argv = Arrays.copyOfRange(a, 2, a.length);
        int pid = c.spawn("/bin/" + argv[0], argv, c.environ(), List.of(Libc.FileAction.close(fd)));
        if (pid < 0) {
            c.warn(argv[0], pid);
            c.close(fd);
            return 127;
        }
        int[] st = new int[1];
        c.wait4(pid, st, 0);
        c.close(fd);
        return Libc.exited(st[0]) ? Libc.exitStatus(st[0]) : 128 + Libc.termSig(st[0]);
    }
}
