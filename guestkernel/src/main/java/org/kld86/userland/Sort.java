package org.kld86.userland;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stdio;

/**
 * sort(1), as usr.bin/sort in the C locale: the lines of the files (or standard input) in byte order, or by
 * {@code -n} numeric value (a leading blank-skipped optional minus, digits and a decimal point; no number is
 * zero). {@code -r} reverses, {@code -f} folds lower case to upper, {@code -u} keeps the first of equal lines,
 * {@code -k F1[,F2]} sorts on fields F1 to F2 (1-based, separated by blanks or by {@code -t} char), {@code -o}
 * writes to a file. Lines whose keys are equal are ordered by the whole line in byte order unless {@code -s} or
 * {@code -u} is given, sort's last-resort comparison.
 */
public final class Sort {

    private Sort() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Sort::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, c.args(), "fnrsuk:t:o:");
        boolean fold = false;
        boolean numeric = false;
        boolean reverse = false;
        boolean stable = false;
        boolean unique = false;
        int keyFrom = 0;
        int keyTo = 0;
        int tab = -1;
        String output = null;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'f' -> fold = true;
                case 'n' -> numeric = true;
                case 'r' -> reverse = true;
                case 's' -> stable = true;
                case 'u' -> unique = true;
                case 'o' -> output = g.optarg();
                case 't' -> {
                    if (g.optarg().length() != 1) {
                        c.errx(2, "invalid field separator: " + g.optarg());
                        return 2;
                    }
                    tab = g.optarg().charAt(0);
                }
                case 'k' -> {
                    int[] k = key(g.optarg());
                    if (k == null) {
                        c.errx(2, "invalid -k value: " + g.optarg());
                        return 2;
                    }
                    keyFrom = k[0];
                    keyTo = k[1];
                }
                default -> {
                    c.stderr().puts("usage: sort [-fnrsu] [-k field1[,field2]] [-o output] [-t char] [file ...]\n");
                    return 2;
                }
            }
        }
        String[] files = g.rest();
        if (files.length == 0) {
            files = new String[] {"-"};
        }
        List<String> lines = new ArrayList<>();
        for (String f : files) {
            int fd = f.equals("-") ? 0 : c.open(f, Libc.O_RDONLY, 0);
            if (fd < 0) {
                c.err(2, f, fd);
                return 2;
            }
            Stdio in = c.stream(fd);
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
            }
            c.closeOperand(fd);
        }
        final int from = keyFrom;
        final int to = keyTo;
        final int sep = tab;
        final boolean fnum = numeric;
        final boolean ffold = fold;
        Comparator<String> byKey = (a, b) -> {
            String ka = field(a, from, to, sep);
            String kb = field(b, from, to, sep);
            if (fnum) {
                return Double.compare(number(ka), number(kb));
            }
            return ffold ? upper(ka).compareTo(upper(kb)) : ka.compareTo(kb);
        };
        Comparator<String> order = reverse ? byKey.reversed() : byKey;
        Comparator<String> full = stable || unique ? order
                : order.thenComparing(reverse ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder());
        lines.sort(full); // List.sort is stable: -s keeps input order among equal keys
        Stdio out = c.stdout();
        if (output != null) {
            int ofd = c.open(output, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0666);
            if (ofd < 0) {
                c.err(2, output, ofd);
                return 2;
            }
            out = c.stream(ofd);
        }
        String last = null;
        for (String l : lines) {
            if (unique && last != null && order.compare(last, l) == 0) {
                continue;
            }
            out.puts(l + "\n");
            last = l;
        }
        out.flush();
        return 0;
    }

    /** toupper(3) in the C locale, byte by byte. */
    private static String upper(String s) {
        char[] a = s.toCharArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 'a' && a[i] <= 'z') {
                a[i] -= 'a' - 'A';
            }
        }
        return new String(a);
    }

    /** -k F1[.C1][,F2[.C2]] with the character offsets ignored: the field numbers, F2 0 for the end of line. */
    static int[] key(String spec) {
        String[] p = spec.split(",", -1);
        if (p.length > 2) {
            return null;
        }
        try {
            int from = Integer.parseInt(p[0].replaceAll("[.].*|[bdfinr]+$", ""));
            int to = p.length == 2 ? Integer.parseInt(p[1].replaceAll("[.].*|[bdfinr]+$", "")) : 0;
            return from < 1 || to < 0 ? null : new int[] {from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Fields from..to of the line (0: the whole line); blank separation keeps the leading blanks with a field. */
    static String field(String line, int from, int to, int tab) {
        if (from == 0) {
            return line;
        }
        int[] starts = new int[line.length() + 2];
        int n = 0;
        int i = 0;
        if (tab >= 0) {
            starts[n++] = 0;
            for (; i < line.length(); i++) {
                if (line.charAt(i) == tab) {
                    starts[n++] = i + 1;
                }
            }
        } else {
            while (i < line.length()) {
                starts[n++] = i;
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    i++;
                }
            }
        }
        if (from > n) {
            return "";
        }
        int begin = starts[from - 1];
        int end = to == 0 || to >= n ? line.length() : (tab >= 0 ? starts[to] - 1 : starts[to]);
        String f = line.substring(begin, Math.max(begin, end));
        return tab >= 0 ? f : f.stripLeading();
    }

    /** The numeric value of a key's leading number, as -n reads it; 0 when there is none. */
    static double number(String key) {
        int i = 0;
        while (i < key.length() && (key.charAt(i) == ' ' || key.charAt(i) == '\t')) {
            i++;
        }
        int start = i;
        if (i < key.length() && key.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < key.length() && (Character.isDigit(key.charAt(i)) || key.charAt(i) == '.')) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return 0;
        }
        try {
            return Double.parseDouble(key.substring(start, i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
