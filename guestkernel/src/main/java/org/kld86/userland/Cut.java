package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stdio;

/**
 * cut(1), as usr.bin/cut/cut.c: selects byte or character positions ({@code -b}, {@code -c}) or fields
 * ({@code -f}, separated by {@code -d} delim, a tab by default; {@code -s} drops lines without one) of each line.
 * A list is numbers and ranges {@code N}, {@code N-M}, {@code N-}, {@code -M} separated by commas or blanks; the
 * selected parts come out in input order, each once. The machine's locale is C, so a character is a byte.
 */
public final class Cut {

    private Cut() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Cut::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, c.args(), "b:c:d:f:sn");
        char mode = 0;
        String list = null;
        char delim = '\t';
        boolean suppress = false;
        boolean dflag = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'b', 'c', 'f' -> {
                    mode = (char) ch;
                    list = g.optarg();
                }
                case 'd' -> {
                    if (g.optarg().length() != 1) {
                        c.errx(1, "bad delimiter");
                        return 1;
                    }
                    delim = g.optarg().charAt(0);
                    dflag = true;
                }
                case 's' -> suppress = true;
                case 'n' -> { } // -n: do not split multi-byte characters; every character is one byte here
                default -> {
                    return usage(c);
                }
            }
        }
        if (mode == 0 || (mode != 'f' && (suppress || dflag))) {
            return usage(c);
        }
        boolean[] positions;
        try {
            positions = parseList(list);
        } catch (IllegalArgumentException e) {
            c.errx(1, e.getMessage());
            return 1;
        }
        String[] files = g.rest();
        if (files.length == 0) {
            files = new String[] {"-"};
        }
        int status = 0;
        for (String f : files) {
            int fd = c.openOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            Stdio in = c.stream(fd);
            for (String line; (line = in.readLine()) != null; ) {
                String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
                String out = mode == 'f' ? fields(text, positions, delim, suppress) : positions(text, positions);
                if (out != null) {
                    c.stdout().puts(out + "\n");
                }
            }
            c.closeOperand(fd);
        }
        return status;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: cut -b list [-n] [file ...]\n"
                + "       cut -c list [file ...]\n"
                + "       cut -f list [-s] [-w | -d delim] [file ...]\n");
        return 1;
    }

    /** The list as a set of 1-based positions; index 0 stands for "and every position after the last". */
    static boolean[] parseList(String list) {
        List<int[]> ranges = new ArrayList<>();
        long max = 0;
        boolean openEnd = false;
        long openFrom = Long.MAX_VALUE;
        for (String part : list.split("[, \t]")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            long lo;
            long hi;
            try {
                if (dash < 0) {
                    lo = hi = Long.parseLong(part);
                } else {
                    lo = dash == 0 ? 1 : Long.parseLong(part.substring(0, dash));
                    hi = dash == part.length() - 1 ? -1 : Long.parseLong(part.substring(dash + 1));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[-bcf] list: illegal list value");
            }
            if (lo == 0 || hi == 0) {
                throw new IllegalArgumentException("[-bcf] list: values may not include zero");
            }
            if (lo < 0 || (hi != -1 && hi < lo)) {
                throw new IllegalArgumentException("[-bcf] list: illegal list value");
            }
            if (lo > 1 << 20) {
                throw new IllegalArgumentException("[-bcf] list: illegal list value");
            }
            if (hi == -1) {
                openEnd = true;
                openFrom = Math.min(openFrom, lo);
                max = Math.max(max, lo);
            } else {
                if (hi > 1 << 20) {
                    throw new IllegalArgumentException("[-bcf] list: illegal list value");
                }
                ranges.add(new int[] {(int) lo, (int) hi});
                max = Math.max(max, hi);
            }
        }
        if (ranges.isEmpty() && !openEnd) {
            throw new IllegalArgumentException("[-bcf] list: illegal list value");
        }
        boolean[] sel = new boolean[(int) max + 1];
        for (int[] r : ranges) {
            for (int i = r[0]; i <= r[1]; i++) {
                sel[i] = true;
            }
        }
        if (openEnd) {
            for (long i = openFrom; i <= max; i++) {
                sel[(int) i] = true;
            }
            sel[0] = true;
        }
        return sel;
    }

    private static boolean selected(boolean[] sel, int pos) {
        return pos < sel.length ? sel[pos] : sel[0];
    }

    private static String positions(String text, boolean[] sel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (selected(sel, i + 1)) {
                b.append(text.charAt(i));
            }
        }
        return b.toString();
    }

    private static String fields(String text, boolean[] sel, char delim, boolean suppress) {
        if (text.indexOf(delim) < 0) {
            return suppress ? null : text;
        }
        StringBuilder b = new StringBuilder();
        int field = 1;
        boolean any = false;
        for (int start = 0; ; field++) {
            int end = text.indexOf(delim, start);
            String f = end < 0 ? text.substring(start) : text.substring(start, end);
            if (selected(sel, field)) {
                if (any) {
                    b.append(delim);
                }
                b.append(f);
                any = true;
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return b.toString();
    }
}
