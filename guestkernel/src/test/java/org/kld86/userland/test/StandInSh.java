package org.kld86.userland.test;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.SyscallNumbers;

/**
 * A test program standing in for /bin/sh until the real one exists: just enough of a shell to drive the console
 * and the launcher.
 *
 * <ul>
 *   <li>{@code sh -c 'cmd; cmd'} runs the commands; {@code sh FILE} runs the lines of FILE (by starting
 *       {@code sh -s} with FILE as its standard input); {@code sh -s} and {@code sh} alone read commands from
 *       standard input, the latter printing the prompt "# " first.</li>
 *   <li>Built in: {@code echo WORDS}, {@code exit [N]}, {@code halt} (reboot(RB_HALT)), {@code kldload NAME}
 *       (printing kldload(8)'s message on failure).</li>
 *   <li>Anything else is /bin/NAME run as a child and waited for; a child killed by signal N gives status
 *       128 + N, as sh reports it.</li>
 * </ul>
 * The exit status is the last command's.
 */
public final class StandInSh {

    private StandInSh() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] args = c.args();
        if (args.length > 2 && args[1].equals("-c")) {
            return runLine(c, args[2], 0);
        }
        if (args.length > 1 && !args[1].equals("-s")) {
            int pid = c.spawn("/bin/sh", new String[] {"sh", "-s"}, c.environ(),
                    List.of(Libc.FileAction.open(0, args[1], Libc.O_RDONLY, 0)));
            if (pid < 0) {
                c.write(2, "sh: cannot open " + args[1] + ": error " + -pid + "\n");
                return 127;
            }
            return waitFor(c, pid);
        }
        boolean interactive = args.length == 1;
        int status = 0;
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[256];
        if (interactive) {
            c.write(1, "# ");
        }
        for (;;) {
            int n = c.read(0, buf, 0, buf.length);
            if (n <= 0) {
                if (line.length() > 0) {
                    status = runLine(c, line.toString(), status);
                }
                return status;
            }
            for (int i = 0; i < n; i++) {
                char ch = (char) (buf[i] & 0xFF);
                if (ch != '\n') {
                    line.append(ch);
                    continue;
                }
                status = runLine(c, line.toString(), status);
                line.setLength(0);
                if (interactive) {
                    c.write(1, "# ");
                }
            }
        }
    }

    /** Runs the ';'-separated commands of {@code text}; returns the last one's status. */
    private static int runLine(Libc c, String text, int status) {
        for (String command : text.split(";")) {
            List<String> words = new ArrayList<>();
            for (String w : command.trim().split(" +")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            status = run(c, words);
        }
        return status;
    }

    private static int run(Libc c, List<String> words) {
        String cmd = words.get(0);
        switch (cmd) {
            case "echo" -> {
                c.write(1, String.join(" ", words.subList(1, words.size())) + "\n");
                return 0;
            }
            case "exit" -> {
                c.exit(words.size() > 1 ? Integer.parseInt(words.get(1)) : 0);
                return 0;
            }
            case "halt" -> {
                c.reboot(0x8);
                return 1;
            }
            case "kldload" -> {
                // kldload(2) takes the file and a parameter string; libc's wrapper passes only the file.
                long file = c.cstring(words.get(1));
                int r = (int) UserCpu.syscall(SyscallNumbers.SYS_kldload, (int) file, 0);
                c.free(file);
                if (r < 0) {
                    c.write(2, "kldload: can't load " + words.get(1) + ": error " + -r + "\n");
                    return 1;
                }
                return 0;
            }
            default -> {
                int pid = c.spawn("/bin/" + cmd, words.toArray(new String[0]), c.environ(), List.of());
                if (pid < 0) {
                    c.write(2, "sh: " + cmd + ": not found\n");
                    return 127;
                }
                return waitFor(c, pid);
            }
        }
    }

    private static int waitFor(Libc c, int pid) {
        int[] st = new int[1];
        if (c.wait4(pid, st, 0) < 0) {
            return 127;
        }
        return Libc.exited(st[0]) ? Libc.exitStatus(st[0]) : 128 + Libc.termSig(st[0]);
    }
}
