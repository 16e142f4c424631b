package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Dirent;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Gregorian;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Pwd;
import org.kld86.userland.libc.Stat;

/**
 * ls(1): lists directories and files with FreeBSD's long format.
 *
 * <pre>
 * total 2
 * crw-------  1 root  wheel  0x2d Jan  1 00:00 echo
 * -rw-r--r--  1 root  wheel    12 Jan  1 00:01 hello
 * </pre>
 * A long row is the mode string (strmode: type, three rwx triplets, then a space where an ACL mark would be),
 * then {@code " %*ju %-*s  %-*s  "} (links, owner, group, each column as wide as its widest entry), the size
 * right-aligned, or for a device its number in hex ("%#*jx"), the modification time ("%b %e %H:%M" within six
 * months of now, "%b %e  %Y" otherwise), and the name. "total" counts st_blocks (512-byte blocks).
 * Without -l names go one a line when standard output is not a terminal, and in columns (80 wide, tab stops of
 * 8, filled column by column) when it is. -a shows dot files, -1 forces one a line, -d lists a directory itself.
 *
 * <p>Times: this kernel's file times are seconds since boot on the virtual clock. ls puts boot at
 * 2026-01-01 00:00:00 UTC ({@link #BOOT_EPOCH}), so a fresh system's files are from "Jan  1 00:00" and every run
 * shows the same dates. Owners and groups print by name for the kernel's two users (root/wheel, user/user).
 */
public final class Ls {

    /** 2026-01-01 00:00:00 UTC in seconds since the Unix epoch: when, for ls, the machine booted. */
    public static final long BOOT_EPOCH = 1_767_225_600L;
    static final long SIXMONTHS = (365 / 2) * 86400L;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** One thing to list: its name as shown, and its stat. */
    record Entry(String name, Stat st) {
    }

    private Ls() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Ls::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "1adl");
        boolean all = false;
        boolean longFormat = false;
        boolean single = !c.isatty(1);
        boolean dirItself = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case '1' -> single = true;
                case 'a' -> all = true;
                case 'd' -> dirItself = true;
                case 'l' -> longFormat = true;
                default -> {
                    c.stderr().puts("usage: ls [-ABCFGHILPRSTUWZabcdfghiklmnopqrstuwxy1,] [--color=when] "
                            + "[-D format] [file ...]\n");
                    return 1;
                }
            }
        }
        String[] args = g.rest();
        if (args.length == 0) {
            args = new String[] {"."};
        }
        long now = BOOT_EPOCH + c.nanouptime() / 1_000_000_000L;
        int status = 0;
        List<Entry> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (String a : args) {
            Stat st = new Stat();
            int r = c.stat(a, st);
            if (r < 0) {
                c.stdout().flush();
                c.warn(a, r);
                status = 1;
                continue;
            }
            if (st.isDirectory() && !dirItself) {
                dirs.add(a);
            } else {
                files.add(new Entry(a, st));
            }
        }
        files.sort((x, y) -> x.name().compareTo(y.name()));
        java.util.Collections.sort(dirs);
        if (!files.isEmpty()) {
            print(c, files, longFormat, single, false, now);
        }
        boolean headers = args.length > 1;
        for (int i = 0; i < dirs.size(); i++) {
            String d = dirs.get(i);
            if (headers) {
                c.printf(files.isEmpty() && i == 0 ? "%s:\n" : "\n%s:\n", d);
            }
            status |= listDirectory(c, d, all, longFormat, single, now);
        }
        return status;
    }

    private static int listDirectory(Libc c, String dir, boolean all, boolean longFormat, boolean single, long now) {
        int fd = c.open(dir, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        if (fd < 0) {
            c.stdout().flush();
            c.warn(dir, fd);
            return 1;
        }
        int[] err = {0};
        List<Dirent> ents = c.readdir(fd, err);
        c.close(fd);
        if (err[0] < 0) {
            c.stdout().flush();
            c.warn(dir, err[0]);
            return 1;
        }
        List<Entry> list = new ArrayList<>();
        for (Dirent d : ents) {
            if (!all && d.name().startsWith(".")) {
                continue;
            }
            Stat st = new Stat();
            String path = (dir.endsWith("/") ? dir : dir + "/") + d.name();
            if (longFormat && c.stat(path, st) < 0) {
                continue;
            }
            list.add(new Entry(d.name(), st));
        }
        list.sort((x, y) -> x.name().compareTo(y.name()));
        print(c, list, longFormat, single, true, now);
        return 0;
    }

    private static void print(Libc c, List<Entry> list, boolean longFormat, boolean single, boolean total, long now) {
        if (longFormat) {
            printLong(c, list, total, now);
        } else if (single) {
            for (Entry e : list) {
                c.printf("%s\n", e.name());
            }
        } else {
            printColumns(c, list);
        }
    }

    private static void printLong(Libc c, List<Entry> list, boolean total, long now) {
        int wLinks = 1;
        int wUser = 1;
        int wGroup = 1;
        int wSize = 1;
        long blocks = 0;
        for (Entry e : list) {
            wLinks = Math.max(wLinks, Long.toString(e.st().nlink).length());
            wUser = Math.max(wUser, user(e.st().uid).length());
            wGroup = Math.max(wGroup, group(e.st().gid).length());
            wSize = Math.max(wSize, sizeText(e.st()).length());
            blocks += e.st().blocks;
        }
        if (total) {
            c.printf("total %ju\n", blocks);
        }
        for (Entry e : list) {
            Stat st = e.st();
            c.printf("%s %*ju %-*s  %-*s  %*s %s %s\n", strmode(st.mode), wLinks, st.nlink, wUser, user(st.uid),
                    wGroup, group(st.gid), wSize, sizeText(st), time(BOOT_EPOCH + st.mtime, now), e.name());
        }
    }

    private static String sizeText(Stat st) {
        int type = st.mode & Stat.S_IFMT;
        if (type == Stat.S_IFCHR || type == 0060000) {
            return Libc.format("%#jx", st.rdev);
        }
        return Long.toString(st.size);
    }

    /** printcol: names in columns, column by column, padded with tabs to 8-column stops, 80 columns wide. */
    private static void printColumns(Libc c, List<Entry> list) {
        if (list.isEmpty()) {
            return;
        }
        int maxlen = 0;
        for (Entry e : list) {
            maxlen = Math.max(maxlen, e.name().length());
        }
        int tab = 8;
        int colwidth = (maxlen + tab) & ~(tab - 1);
        int termwidth = 80;
        int numcols = Math.max(1, termwidth / colwidth);
        int numrows = (list.size() + numcols - 1) / numcols;
        numcols = (list.size() + numrows - 1) / numrows;
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < numrows; row++) {
            int endcol = colwidth;
            int chcnt = 0;
            for (int col = 0; col < numcols; col++) {
                int i = col * numrows + row;
                if (i >= list.size()) {
                    break;
                }
                String n = list.get(i).name();
                sb.append(n);
                chcnt += n.length();
                if (col + 1 < numcols && (col + 1) * numrows + row < list.size()) {
                    while (((chcnt + tab) & ~(tab - 1)) <= endcol) {
                        sb.append('\t');
                        chcnt = (chcnt + tab) & ~(tab - 1);
                    }
                    endcol += colwidth;
                }
            }
            sb.append('\n');
        }
        c.puts(sb.toString());
    }

    /** strmode(3): "drwxr-xr-x " (the last character is where an ACL mark would go). */
    public static String strmode(int mode) {
        char type = switch (mode & Stat.S_IFMT) {
            case Stat.S_IFDIR -> 'd';
            case Stat.S_IFCHR -> 'c';
            case 0060000 -> 'b';
            case Stat.S_IFLNK -> 'l';
            case Stat.S_IFIFO -> 'p';
            case 0140000 -> 's';
            default -> '-';
        };
        StringBuilder sb = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        if ((mode & 04000) != 0) {
            sb.setCharAt(3, sb.charAt(3) == 'x' ? 's' : 'S');
        }
        if ((mode & 02000) != 0) {
            sb.setCharAt(6, sb.charAt(6) == 'x' ? 's' : 'S');
        }
        if ((mode & 01000) != 0) {
            sb.setCharAt(9, sb.charAt(9) == 'x' ? 't' : 'T');
        }
        return sb.append(' ').toString();
    }

    static String user(int uid) {
        Pwd.Passwd pw = Pwd.getpwuid(uid);
        return pw != null ? pw.name() : Integer.toString(uid);
    }

    /** The group's name from /etc/group, or its number. */
    static String group(int gid) {
        String name = Pwd.groupName(gid);
        return name != null ? name : Integer.toString(gid);
    }

    /** printtime: "%b %e %H:%M" for times within six months of now, "%b %e  %Y" otherwise. */
    static String time(long epochSeconds, long now) {
        long days = Math.floorDiv(epochSeconds, 86400L);
        long secs = Math.floorMod(epochSeconds, 86400L);
        long[] ymd = Gregorian.civil(days);
        String day = Libc.format("%s %2d", MONTHS[(int) ymd[1] - 1], (int) ymd[2]);
        if (epochSeconds + SIXMONTHS > now && epochSeconds < now + SIXMONTHS) {
            return Libc.format("%s %02d:%02d", day, (int) (secs / 3600), (int) (secs / 60 % 60));
        }
        return Libc.format("%s  %d", day, (int) ymd[0]);
    }
}
