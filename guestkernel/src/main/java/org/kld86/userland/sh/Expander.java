package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Word expansion as sh does it for the parts this shell has: tilde expansion, parameter expansion, field
 * splitting of unquoted parameter values on blanks (the default IFS: space, tab, newline), and quote removal.
 * There is no pathname expansion (globbing): a '*' stays a '*'.
 *
 * <p>Parameters come from a lookup function ("HOME" to its value, "?" to the last status, null if unset); "$@"
 * and "$*" come from {@link #positional}, because "$@" inside double quotes makes one field per parameter.
 */
public final class Expander {

    private final Function<String, String> lookup;
    private final List<String> positional;

    public Expander(Function<String, String> lookup, List<String> positional) {
        this.lookup = lookup;
        this.positional = List.copyOf(positional);
    }

    /** The fields of {@code w}: what becomes arguments. */
    public List<String> fields(Word w) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean keep = false; // a quoted part was seen: the field exists even if empty
        for (Word.Part p : w.parts()) {
            switch (p.kind()) {
                case LITERAL -> cur.append(p.text());
                case QUOTED -> {
                    cur.append(p.text());
                    keep = true;
                }
                case TILDE -> cur.append(tilde(p.text()));
                case QUOTED_PARAM -> {
                    keep = true;
                    if (p.text().equals("@")) {
                        for (int i = 0; i < positional.size(); i++) {
                            cur.append(positional.get(i));
                            if (i < positional.size() - 1) {
                                out.add(cur.toString());
                                cur.setLength(0);
                            }
                        }
                        if (positional.isEmpty() && w.parts().size() == 1) {
                            keep = false; // "$@" with no parameters is no field at all
                        }
                    } else {
                        cur.append(value(p.text()));
                    }
                }
                case PARAM -> {
                    String v = value(p.text());
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == ' ' || c == '\t' || c == '\n') {
                            if (cur.length() > 0 || keep) {
                                out.add(cur.toString());
                                cur.setLength(0);
                                keep = false;
                            }
                        } else {
                            cur.append(c);
                        }
                    }
                }
            }
        }
        if (cur.length() > 0 || keep) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The word as one string, without field splitting: assignments' values and redirections' file names. */
    public String string(Word w) {
        StringBuilder sb = new StringBuilder();
        for (Word.Part p : w.parts()) {
            switch (p.kind()) {
                case LITERAL, QUOTED -> sb.append(p.text());
                case TILDE -> sb.append(tilde(p.text()));
                case PARAM, QUOTED_PARAM -> sb.append(value(p.text()));
            }
        }
        return sb.toString();
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
