package org.kld86.userland.libc;

/**
 * getopt(3) as FreeBSD's libc does it: single-letter options in {@code optstring}, a letter followed by ':' takes an
 * argument (the rest of the word or the next word), "--" ends the options, and so does the first word that does
 * not start with '-' (or is "-" alone). An unknown letter prints {@code "prog: illegal option -- x"} and a missing
 * argument {@code "prog: option requires an argument -- x"}, both on stderr, and returns '?'.
 *
 * <pre>
 * Getopt g = new Getopt(c, "nqv");
 * for (int ch; (ch = g.next()) != -1; ) { switch (ch) { case 'n' -> ...; default -> usage(); } }
 * String[] rest = g.rest();
 * </pre>
 * One object per parse: its position is the optind a C program would keep in a global.
 */
public final class Getopt {

    private final Libc c;
    private final String[] argv;
    private final String optstring;
    private int optind = 1;
    private int place;
    private String optarg;
    private int optopt;

    /** Parses the process's own arguments. */
    public Getopt(Libc c, String optstring) {
        this(c, c.args(), optstring);
    }

    /** Parses {@code argv} (argv[0] is the program name and is skipped). */
    public Getopt(Libc c, String[] argv, String optstring) {
        this.c = c;
        this.argv = argv.clone();
        this.optstring = optstring;
    }

    /** The next option letter, '?' for a bad one, or -1 when the options end. */
    public int next() {
        optarg = null;
        if (place == 0) {
            if (optind >= argv.length) {
                return -1;
            }
            String w = argv[optind];
            if (w.length() < 2 || w.charAt(0) != '-') {
                return -1;
            }
            if (w.equals("--")) {
                optind++;
                return -1;
            }
            place = 1;
        }
        String w = argv[optind];
        char ch = w.charAt(place++);
        optopt = ch;
        int at = ch == ':' ? -1 : optstring.indexOf(ch);
        if (at < 0) {
            if (place >= w.length()) {
                optind++;
                place = 0;
            }
            if (!optstring.startsWith(":")) {
                c.stderr().puts(c.progname() + ": illegal option -- " + ch + "\n");
            }
            return '?';
        }
        boolean takesArg = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
        if (!takesArg) {
            if (place >= w.length()) {
                optind++;
                place = 0;
            }
            return ch;
        }
        if (place < w.length()) {
            optarg = w.substring(place);
            optind++;
            place = 0;
            return ch;
        }
        optind++;
        place = 0;
        if (optind >= argv.length) {
            if (optstring.startsWith(":")) {
                return ':';
            }
            c.stderr().puts(c.progname() + ": option requires an argument -- " + ch + "\n");
            return '?';
        }
        optarg = argv[optind++];
        return ch;
    }

    /**
     * Gives back the word of the option just returned, so that it is read as the first operand: chmod's
     * {@code --optind} for a mode such as {@code -w} that looks like an option.
     */
    public void unread() {
        if (place == 0) {
            optind--;
        }
        place = 0;
    }

    /** The argument of the option just returned, or null. */
    public String optarg() {
        return optarg;
    }

    /** The letter that caused the last '?'. */
    public int optopt() {
        return optopt;
    }

    /** The index of the first word not yet parsed. */
    public int optind() {
        return optind;
    }

    /** The words after the options (argv + optind). */
    public String[] rest() {
        String[] r = new String[argv.length - optind];
        System.arraycopy(argv, optind, r, 0, r.length);
        return r;
    }
}
