package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Word expansion as sh does it for the parts this shell has: tilde expansion, parameter expansion, field
 * splitting of unquoted parameter values on blanks (the default IFS: space, tab, newline), pathname expansion
 * and quote removal.
 *
 * <p>Pathname expansion ({@link Glob}) works on each field after splitting: its unquoted *, ? and [ ] are pattern
 * characters, those of an unquoted parameter's value too (as POSIX has it), while what was in quotes, after a
 * backslash or came from a quoted parameter or a tilde stands for itself; so a field is carried as a
 * {@link Glob.Pattern}, text with its quoted positions, until then. A field that matches no pathname stays as
 * written. Assignments' values and redirections' targets ({@link #string}) are not expanded so, nor are fields
 * when the expander was made without a directory reader.
 *
 * <p>Parameters come from a lookup function ("HOME" to its value, "?" to the last status, null if unset); "$@"
 * and "$*" come from {@link #positional}, because "$@" inside double quotes makes one field per parameter.
 */
public final class Expander {

    private final Function<String, String> lookup;
    private final List<String> positional;
    private final Function<String, List<String>> readDir;
    private final Predicate<String> exists;

    /** An expander without pathname expansion (fields keep their pattern characters). */
    public Expander(Function<String, String> lookup, List<String> positional) {
        this(lookup, positional, null, null);
    }

    /**
     * @param readDir the names in a directory ("" for the current one), null if it cannot be read; null for no
     *     pathname expansion
     * @param exists whether a pathname exists
     */
    public Expander(Function<String, String> lookup, List<String> positional, Function<String, List<String>> readDir,
            Predicate<String> exists) {
        this.lookup = lookup;
        this.positional = List.copyOf(positional);
        this.readDir = readDir;
        this.exists = exists;
    }

    /** The fields of {@code w}: what becomes arguments, after pathname expansion. */
    public List<String> fields(Word w) {
        List<String> out = new ArrayList<>();
        for (Glob.Pattern f : patterns(w)) {
            List<String> found = readDir != null && f.hasMeta() ? Glob.expand(f, readDir, exists) : List.of();
            if (found.isEmpty()) {
                out.add(f.text());
            } else {
                out.addAll(found);
            }
        }
        return out;
    }

    /** A field being built: its text and which of its characters were quoted. */
    private static final class Field {
        final StringBuilder text = new StringBuilder();
        final BitSet quoted = new BitSet();

        void append(String s, boolean q) {
            if (q) {
                quoted.set(text.length(), text.length() + s.length());
            }
            text.append(s);
        }

        void append(char c) {
            text.append(c);
        }

        boolean isEmpty() {
            return text.length() == 0;
        }

        Glob.Pattern take() {
            Glob.Pattern p = new Glob.Pattern(text.toString(), quoted);
            text.setLength(0);
            quoted.clear();
            return p;
        }
    }

    /**
     * The fields of {@code w} before pathname expansion, each with which of its characters were quoted (text in
     * quotes, after a backslash, from a quoted parameter or a tilde): the rest are pattern characters.
     */
    List<Glob.Pattern> patterns(Word w) {
        List<Glob.Pattern> out = new ArrayList<>();
        Field cur = new Field();
        boolean keep = false; // a quoted part was seen: the field exists even if empty
        for (Word.Part p : w.parts()) {
            switch (p.kind()) {
                case LITERAL -> cur.append(p.text(), false);
                case QUOTED -> {
                    cur.append(p.text(), true);
                    keep = true;
                }
                case TILDE -> cur.append(tilde(p.text()), true);
                case QUOTED_PARAM -> {
                    keep = true;
                    if (p.text().equals("@")) {
                        for (int i = 0; i < positional.size(); i++) {
                            cur.append(positional.get(i), true);
                            if (i < positional.size() - 1) {
                                out.add(cur.take());
                            }
                        }
                        if (positional.isEmpty() && w.parts().size() == 1) {
                            keep = false; // "$@" with no parameters is no field at all
                        }
                    } else {
                        cur.append(value(p.text()), true);
                    }
                }
                case PARAM -> {
                    String v = value(p.text());
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == ' ' || c == '\t' || c == '\n') {
                            if (!cur.isEmpty() || keep) {
                                out.add(cur.take());
                                keep = false;
                            }
                        } else {
                            cur.append(c);
                        }
                    }
                }
            }
        }
        if (!cur.isEmpty() || keep) {
            out.add(cur.take());
        }
        return out;
    }

    /** The word as one pattern, without field splitting: a case pattern. */
    public Glob.Pattern pattern(Word w) {
        Field f = new Field();
        for (Word.Part p : w.parts()) {
            switch (p.kind()) {
                case LITERAL -> f.append(p.text(), false);
                case QUOTED -> f.append(p.text(), true);
                case QUOTED_PARAM -> f.append(value(p.text()), true);
                case TILDE -> f.append(tilde(p.text()), true);
                case PARAM -> f.append(value(p.text()), false);
            }
        }
        return f.take();
    }

    /** The word as one string, without field splitting: assignments' values and redirections' file names. */
    public String string(Word w) {
        return pattern(w).text();
    }

    private String value(String name) {
        if (name.equals("@") || name.equals("*")) {
            return String.join(" ", positional);
        }
        if (name.equals("#")) {
            return Integer.toString(positional.size());
        }
        if (name.length() == 1 && Character.isDigit(name.charAt(0)) && name.charAt(0) != '0') {
            int i = name.charAt(0) - '1';
            return i < positional.size() ? positional.get(i) : "";
        }
        String v = lookup.apply(name);
        return v == null ? "" : v;
    }

    private String tilde(String user) {
        if (user.isEmpty()) {
            String home = lookup.apply("HOME");
            return home == null ? "~" : home;
        }
        return switch (user) {
            case "root" -> "/root";
            case "user" -> "/home/user";
            default -> "~" + user;
        };
    }
}
