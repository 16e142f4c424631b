package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stdio;

/**
 * grep(1): the lines of each file (or standard input) that match a pattern. Options -c (count), -i (ignore case),
 * -n (line numbers), -v (invert), -q (quiet), -F (fixed string), -e pattern (several allowed). With several files
 * each line is prefixed by its file's name. Exit status 0 if a line was selected, 1 if none, 2 on an error, as
 * FreeBSD's grep. Patterns are Java regular expressions, a superset of POSIX extended ones in all but a few
 * corners (bracket classes such as [[:digit:]] are accepted and translated).
 */
public final class Grep {

    private Grep() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Grep::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "cinvqFe:");
        boolean count = false;
        boolean ignoreCase = false;
        boolean number = false;
        boolean invert = false;
        boolean quiet = false;
        boolean fixed = false;
        List<String> patterns = new ArrayList<>();
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'c' -> count = true;
                case 'i' -> ignoreCase = true;
                case 'n' -> number = true;
                case 'v' -> invert = true;
                case 'q' -> quiet = true;
                case 'F' -> fixed = true;
                case 'e' -> patterns.add(g.optarg());
                default -> {
                    c.stderr().puts("usage: grep [-cinqvF] [-e pattern] [pattern] [file ...]\n");
                    return 2;
                }
            }
        }
        String[] rest = g.rest();
        int i = 0;
        if (patterns.isEmpty()) {
            if (rest.length == 0) {
                c.stderr().puts("usage: grep [-cinqvF] [-e pattern] [pattern] [file ...]\n");
                return 2;
            }
            patterns.add(rest[i++]);
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            try {
                String re = fixed ? Pattern.quote(p) : posixClasses(p);
                compiled.add(Pattern.compile(re, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
            } catch (PatternSyntaxException e) {
                c.errx(2, "invalid regular expression: " + p);
                return 2;
            }
        }
        List<String> files = new ArrayList<>();
        for (; i < rest.length; i++) {
            files.add(rest[i]);
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        boolean any = false;
        boolean error = false;
        for (String f : files) {
            int fd = c.openOperand(f);
            if (fd < 0) {
                error = true;
                continue;
            }
            Stdio in = c.stream(fd);
            long selected = 0;
            long lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
                boolean match = false;
                for (Pattern p : compiled) {
                    if (p.matcher(text).find()) {
                        match = true;
                        break;
                    }
                }
                if (match == invert) {
                    continue;
                }
                selected++;
                any = true;
                if (quiet) {
                    break;
                }
                if (!count) {
                    c.stdout().puts((files.size() > 1 ? (f.equals("-") ? "(standard input)" : f) + ":" : "")
                            + (number ? lineNo + ":" : "") + text + "\n");
                }
            }
            if (count && !quiet) {
                c.stdout().puts((files.size() > 1 ? f + ":" : "") + selected + "\n");
            }
            c.closeOperand(fd);
            if (quiet && any) {
                break;
            }
        }
        return error && !(quiet && any) ? 2 : any ? 0 : 1;
    }

    /** POSIX bracket classes in Java's spelling. */
    static String posixClasses(String re) {
        return re.replace("[:digit:]", "\\d").replace("[:space:]", "\\s").replace("[:alpha:]", "\\p{Alpha}")
                .replace("[:alnum:]", "\\p{Alnum}").replace("[:upper:]", "\\p{Upper}").replace("[:lower:]", "\\p{Lower}")
                .replace("[:punct:]", "\\p{Punct}").replace("[:xdigit:]", "\\p{XDigit}");
    }
}
