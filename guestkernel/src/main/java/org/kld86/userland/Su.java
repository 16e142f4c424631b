package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Libc;

/**
 * su(1): runs a shell as another user. {@code su user -c 'cmd'} runs {@code sh -c cmd} as the unprivileged user,
 * what tests of permissions need. Root needs no password (PAM's pam_rootok, as on FreeBSD); this system has no
 * password database, so anyone else switching to another user gets FreeBSD's "su: Sorry". The users are root (0,
 * group wheel) and user (1001, group 1001).
 */
public final class Su {

    private Su() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        int i = 1;
        if (i < a.length && a[i].equals("-")) {
            i++;
        }
        String login = "root";
        if (i < a.length && !a[i].startsWith("-")) {
            login = a[i++];
        }
        int uid;
        int gid;
        switch (login) {
            case "root" -> {
                uid = 0;
                gid = 0;
            }
            case "user" -> {
                uid = 1001;
                gid = 1001;
            }
            default -> {
                c.write(2, "su: unknown login: " + login + "\n");
                return 1;
            }
        }
        if (c.getuid() != 0 && c.getuid() != uid) {
            c.write(2, "su: Sorry\n");
            return 1;
        }
        if (c.setgid(gid) < 0 || c.setuid(uid) < 0) {
            c.write(2, "su: Sorry\n");
            return 1;
        }
        List<String> sh = new ArrayList<>(List.of("sh"));
        for (; i < a.length; i++) {
            sh.add(a[i]);
        }
        List<String> env = new ArrayList<>();
        for (String e : c.environ()) {
            if (!e.startsWith("USER=") && !e.startsWith("HOME=")) {
                env.add(e);
            }
        }
        env.add("USER=" + login);
        env.add("HOME=" + (uid == 0 ? "/root" : "/home/user"));
        int pid = c.spawn("/bin/sh", sh.toArray(new String[0]), env.toArray(new String[0]), List.of());
        if (pid < 0) {
            c.write(2, "su: /bin/sh: " + Libc.strerror(pid) + "\n");
            return 1;
        }
        int[] status = new int[1];
        c.wait4(pid, status, 0);
        return Libc.exited(status[0]) ? Libc.exitStatus(status[0]) : 128 + Libc.termSig(status[0]);
    }
}
