package org.kld86.userland;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Pwd;
import org.kld86.userland.libc.Structs;

/**
 * ps(1): process status, from sysctl kern.proc.all (layout in libc's Structs), as FreeBSD's bin/ps/ps.c and
 * print.c print it (ps(1) manual page).
 *
 * <pre>
 * usage: ps [-alnuwx] [-p pid[,pid...]]
 * </pre>
 * Which processes: by default the user's own that have a controlling terminal; -a every user's, -x also those
 * without a terminal; -p only the pids listed (and then whatever their owner and terminal). Sorted by terminal,
 * then pid. What: {@code pid,tt,state,time,command} by default; -u {@code user,pid,%cpu,%mem,vsz,rss,tt,state,
 * start,time,command}; -l {@code uid,pid,ppid,cpu,pri,nice,vsz,rss,mwchan,state,tt,time,command} (both add their
 * columns, as in FreeBSD). Each column is as wide as its header or its widest value (PID and PPID at least 5,
 * the digits of PID_MAX), numbers right-aligned, text left-aligned, one space between; the last column is not
 * padded. On a terminal a line is cut at 79 columns (or $COLUMNS), 131 with -w, never with -ww.
 *
 * <p>Columns: TT (its header "TT ") is the terminal's name without "tty" and a space ("u0 "), "- " for
 * none. STAT is R, S, I (asleep
 * over 20 seconds), D or Z, then 's' for a session leader and '+' for a process in the terminal's foreground
 * (here: on a terminal and not a session leader, the processes ^C reaches). TIME is the virtual CPU time,
 * {@code m:ss.hh}. COMMAND is the arguments, with {@code (comm)} after them when argv[0]'s last component is not
 * the command name, {@code <defunct>} for a zombie. STARTED is {@code %H:%M} within a day of now,
 * {@code %a%H} within a week, {@code %e%b%y} before. %CPU is the CPU time over the larger of the process's life and ten
 * seconds (ULE looks at the last ten seconds; this kernel keeps no per-tick history), %MEM the resident share of physical memory, VSZ and RSS kilobytes; C is
 * 0, PRI 20 and NI 0, as the scheduler has no priorities.
 *
 * <p>Exit status 0, or 1 when no process was selected (the header still prints). -l and -n are accepted; -n
 * (numeric) changes nothing in these columns.
 */
public final class Ps {

    private static final long NANOS = 1_000_000_000L;
    private static final int UNLIMITED = Integer.MAX_VALUE;
    /** SCHED_TICK_SECS: ULE's %CPU looks at the last ten seconds. */
    private static final long CPU_WINDOW_NANOS = 10 * NANOS;

    /** One column: its header, whether it is right-aligned, and its minimum width. */
    private record Column(String key, String header, boolean right, int min) {
    }

    /** One process as kern.proc.all gives it. */
    record KinfoProc(int pid, int ppid, int uid, int gid, char stat, int flags, long startNanos, long runNanos,
            long vsizeBytes, long rssPages, String tty, String wmesg, String comm, List<String> args) {
    }

    private static final List<Column> DFMT = List.of(col("pid"), col("tt"), col("state"), col("time"),
            col("command"));
    private static final List<Column> UFMT = List.of(col("user"), col("pid"), col("%cpu"), col("%mem"), col("vsz"),
            col("rss"), col("tt"), col("state"), col("start"), col("time"), col("command"));
    private static final List<Column> LFMT = List.of(col("uid"), col("pid"), col("ppid"), col("cpu"), col("pri"),
            col("nice"), col("vsz"), col("rss"), col("mwchan"), col("state"), col("tt"), col("time"),
            col("command"));

    private Ps() {
    }

    private static Column col(String key) {
        return switch (key) {
            case "pid" -> new Column(key, "PID", true, 5);
            case "ppid" -> new Column(key, "PPID", true, 5);
            case "tt" -> new Column(key, "TT ", false, 0);
            case "state" -> new Column(key, "STAT", false, 0);
            case "time" -> new Column(key, "TIME", true, 0);
            case "command" -> new Column(key, "COMMAND", false, 0);
            case "user" -> new Column(key, "USER", false, 0);
            case "uid" -> new Column(key, "UID", true, 0);
            case "%cpu" -> new Column(key, "%CPU", true, 0);
            case "%mem" -> new Column(key, "%MEM", true, 0);
            case "vsz" -> new Column(key, "VSZ", true, 0);
            case "rss" -> new Column(key, "RSS", true, 0);
            case "start" -> new Column(key, "STARTED", false, 0);
            case "cpu" -> new Column(key, "C", true, 0);
            case "pri" -> new Column(key, "PRI", true, 0);
            case "nice" -> new Column(key, "NI", true, 0);
            case "mwchan" -> new Column(key, "MWCHAN", false, 0);
            default -> throw new IllegalArgumentException(key);
        };
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Ps::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "alnp:uwx");
        boolean all = false;
        boolean withoutTty = false;
        int wflag = 0;
        List<Integer> pids = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a' -> all = true;
                case 'l' -> columns.addAll(LFMT);
                case 'n' -> {
                    // the columns here are numeric already, or names with no numeric form to fall back to
                }
                case 'p' -> {
                    for (String p : g.optarg().split("[, ]", -1)) {
                        Integer pid = pid(p);
                        if (pid == null) {
                            c.errx(1, "Invalid process ID: " + p);
                            return 1;
                        }
                        pids.add(pid);
                    }
                }
                case 'u' -> columns.addAll(UFMT);
                case 'w' -> wflag++;
                case 'x' -> withoutTty = true;
                default -> {
                    return usage(c);
                }
            }
        }
        if (g.rest().length > 0) {
            return usage(c);
        }
        if (columns.isEmpty()) {
            columns.addAll(DFMT);
        }
        int[] err = new int[1];
        byte[] table = c.sysctl("kern.proc.all", err);
        if (table == null) {
            c.err(1, "kern.proc.all", err[0]);
            return 1;
        }
        List<KinfoProc> procs = parse(table);
        int uid = c.getuid();
        List<KinfoProc> kept = new ArrayList<>();
        for (KinfoProc k : procs) {
            boolean keep;
            if (!pids.isEmpty()) {
                keep = pids.contains(k.pid());
            } else {
                keep = (all || k.uid() == uid) && (withoutTty || !k.tty().isEmpty());
            }
            if (keep) {
                kept.add(k);
            }
        }
        kept.sort((x, y) -> {
            // pscomp: by terminal (none last, as NODEV sorts above every device), then by pid
            int tx = x.tty().isEmpty() ? 1 : 0;
            int ty = y.tty().isEmpty() ? 1 : 0;
            if (tx != ty) {
                return tx - ty;
            }
            int t = x.tty().compareTo(y.tty());
            return t != 0 ? t : Integer.compare(x.pid(), y.pid());
        });
        long nowNanos = c.nanouptime();
        int[] physErr = new int[1];
        Long physmem = c.sysctlLong("hw.physmem", physErr);
        List<String[]> rows = new ArrayList<>();
        for (KinfoProc k : kept) {
            String[] row = new String[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = value(columns.get(i).key(), k, nowNanos, physmem == null ? 0 : physmem);
            }
            rows.add(row);
        }
        int termwidth = UNLIMITED;
        if (c.isatty(1) && wflag < 2) {
            termwidth = 79;
            String cols = c.getenv("COLUMNS");
            if (cols != null && cols.matches("[0-9]{1,6}") && Integer.parseInt(cols) > 0) {
                termwidth = Integer.parseInt(cols) - 1;
            }
            if (wflag == 1) {
                termwidth = Math.max(termwidth, 131);
            }
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(columns.get(i).min(), columns.get(i).header().length());
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        String[] header = new String[columns.size()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.get(i).header();
        }
        c.stdout().puts(line(columns, widths, header, termwidth));
        for (String[] row : rows) {
            c.stdout().puts(line(columns, widths, row, termwidth));
        }
        return kept.isEmpty() ? 1 : 0;
    }

    private static String line(List<Column> columns, int[] widths, String[] cells, int termwidth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(Math.max(0, widths[i] - cells[i].length()));
            if (columns.get(i).right()) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]).append(last ? "" : pad);
            }
        }
        String s = sb.length() > termwidth ? sb.substring(0, termwidth) : sb.toString();
        return s + "\n";
    }

    private static String value(String key, KinfoProc k, long nowNanos, long physmem) {
        return switch (key) {
            case "pid" -> Integer.toString(k.pid());
            case "ppid" -> Integer.toString(k.ppid());
            case "uid" -> Integer.toUnsignedString(k.uid());
            case "user" -> {
                Pwd.Passwd pw = Pwd.getpwuid(k.uid());
                yield pw != null ? pw.name() : Integer.toUnsignedString(k.uid());
            }
            case "tt" -> k.tty().isEmpty() ? "- " : (k.tty().startsWith("tty") ? k.tty().substring(3) : k.tty()) + " ";
            case "state" -> state(k);
            case "time" -> cputime(k.runNanos());
            case "command" -> command(k);
            case "%cpu" -> {
                long window = Math.max(nowNanos - k.startNanos(), CPU_WINDOW_NANOS);
                yield tenths(1000.0 * k.runNanos() / window);
            }
            case "%mem" -> tenths(physmem <= 0 ? 0 : 1000.0 * k.rssPages() * 4096 / physmem);
            case "vsz" -> Long.toString(k.vsizeBytes() / 1024);
            case "rss" -> Long.toString(k.rssPages() * 4);
            case "start" -> started(k.startNanos(), nowNanos);
            case "cpu", "nice" -> "0";
            case "pri" -> "20";
            case "mwchan" -> k.wmesg().isEmpty() ? "-" : k.wmesg();
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** A percentage given in tenths, as "%.1f" prints it. */
    private static String tenths(double tenths) {
        long t = Math.round(tenths);
        return t / 10 + "." + t % 10;
    }

    /** STAT: the state letter, then 's' for a session leader and '+' for the terminal's foreground. */
    static String state(KinfoProc k) {
        StringBuilder sb = new StringBuilder().append(k.stat());
        boolean leader = (k.flags() & Structs.PROC_SESSION_LEADER) != 0;
        if (leader) {
            sb.append('s');
        }
        if (!leader && (k.flags() & Structs.PROC_CONTROLLING_TTY) != 0) {
            sb.append('+');
        }
        return sb.toString();
    }

    /** cputime: minutes, seconds and hundredths (rounded), {@code m:ss.hh}. */
    static String cputime(long nanos) {
        long micros = nanos / 1000;
        long secs = micros / 1_000_000;
        long psecs = (micros % 1_000_000 + 5000) / 10000;
        secs += psecs / 100;
        psecs %= 100;
        return Libc.format("%d:%02d.%02d", secs / 60, secs % 60, psecs);
    }

    /** The arguments, then " (comm)" if argv[0]'s last component differs; {@code <defunct>} for a zombie. */
    static String command(KinfoProc k) {
        if (k.stat() == 'Z') {
            return "<defunct>";
        }
        if (k.args().isEmpty()) {
            return "[" + k.comm() + "]";
        }
        String a0 = k.args().get(0);
        String base = a0.substring(a0.lastIndexOf('/') + 1);
        String s = String.join(" ", k.args());
        String comm = k.comm();
        boolean same = base.substring(0, Math.min(base.length(), 19))
                .equals(comm.substring(0, Math.min(comm.length(), 19)));
        return same ? s : s + " (" + comm + ")";
    }

    /** STARTED: "%H:%M  " within a day, "%a%H  " within a week, "%e%b%y" before. */
    static String started(long startNanos, long nowNanos) {
        long then = Ls.BOOT_EPOCH + startNanos / NANOS;
        long age = (nowNanos - startNanos) / NANOS;
        String fmt = age < 24 * 3600 ? "%H:%M  " : age < 7 * 86400 ? "%a%H  " : "%e%b%y";
        return Date.strftime(fmt, then);
    }

    /** The records of a kern.proc.all stream. */
    static List<KinfoProc> parse(byte[] b) {
        List<KinfoProc> out = new ArrayList<>();
        int count = i32(b, 4);
        int size = i32(b, 8);
        for (int r = 0; r < count; r++) {
            int at = Structs.STATS_HEADER + r * size;
            List<String> args = new ArrayList<>();
            int p = at + 108;
            int end = at + 364;
            while (p < end && b[p] != 0) {
                int q = p;
                while (q < end && b[q] != 0) {
                    q++;
                }
                args.add(new String(b, p, q - p, StandardCharsets.ISO_8859_1));
                p = q + 1;
            }
            out.add(new KinfoProc(i32(b, at), i32(b, at + 4), i32(b, at + 8), i32(b, at + 12), (char) b[at + 16],
                    b[at + 17], i64(b, at + 24), i64(b, at + 32), i64(b, at + 40), i64(b, at + 48),
                    str(b, at + 56, 16), str(b, at + 72, 16), str(b, at + 88, 20), args));
        }
        return out;
    }

    private static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static long i64(byte[] b, int at) {
        return Integer.toUnsignedLong(i32(b, at)) | (long) i32(b, at + 4) << 32;
    }

    private static String str(byte[] b, int at, int size) {
        int n = 0;
        while (n < size && b[at + n] != 0) {
            n++;
        }
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    /** A pid of -p: a whole decimal word; null if not. */
    private static Integer pid(String s) {
        try {
            int v = Integer.parseInt(s);
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: ps [-alnuwx] [-p pid[,pid...]]\n");
        return 1;
    }
}
