package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Pattern matching notation (POSIX 2.13, FreeBSD's patmatch and expmeta): {@code *} matches any string, {@code ?}
 * any one character, a bracket expression {@code [abc]}, {@code [a-z]}, {@code [[:digit:]]} one character of the
 * set and {@code [!x]} or {@code [^x]} one not in it; a {@code [} without its {@code ]} is an ordinary character.
 * Every other character matches itself, and so does every character the word had quoted: a pattern is text with
 * a set of quoted positions ({@link Pattern}), which keeps what came from quotes apart from what came unquoted
 * (parameter values included) until matching.
 *
 * <p>{@link #match} is the whole-string match of case, where '/' and a leading '.' are ordinary characters.
 * {@link #expand} is pathname expansion: the pattern is matched one path component at a time against the
 * entries of each directory on the way (a directory that cannot be read contributes nothing), '/' is never
 * matched by a pattern character, a leading '.' only by a literal '.', and "." and ".." not at all; the pathnames
 * found are sorted in byte order. Components without pattern characters are taken as they are, the whole path
 * then needing to exist.
 */
public final class Glob {

    private Glob() {
    }

    /** A pattern: its text and which of its characters were quoted (and so stand for themselves). */
    public record Pattern(String text, BitSet quoted) {

        public Pattern {
            quoted = (BitSet) quoted.clone();
        }

        /** A pattern whose characters are all unquoted. */
        public static Pattern of(String text) {
            return new Pattern(text, new BitSet());
        }

        boolean isQuoted(int i) {
            return quoted.get(i);
        }

        /** The characters {@code [from, to)} as a pattern of their own. */
        Pattern sub(int from, int to) {
            return new Pattern(text.substring(from, to), quoted.get(from, to));
        }

        /** Whether an unquoted *, ? or [ makes this more than plain text. */
        public boolean hasMeta() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!quoted.get(i) && (c == '*' || c == '?' || c == '[')) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether the whole of {@code s} matches {@code p} (case's matching). */
    public static boolean match(Pattern p, String s) {
        return match(p, 0, s, 0);
    }

    private static boolean match(Pattern p, int pi, String s, int si) {
        String pt = p.text();
        while (pi < pt.length()) {
            char c = pt.charAt(pi);
            if (p.isQuoted(pi)) {
                if (si >= s.length() || s.charAt(si) != c) {
                    return false;
                }
                pi++;
                si++;
                continue;
            }
            switch (c) {
                case '*' -> {
                    while (pi < pt.length() && pt.charAt(pi) == '*' && !p.isQuoted(pi)) {
                        pi++;
                    }
                    if (pi == pt.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int end = bracketEnd(p, pi);
                    if (end < 0) {
                        if (si >= s.length() || s.charAt(si) != '[') {
                            return false;
                        }
                        pi++;
                        si++;
                    } else {
                        if (si >= s.length() || !inBracket(p, pi + 1, end, s.charAt(si))) {
                            return false;
                        }
                        pi = end + 1;
                        si++;
                    }
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    /**
     * The index of the unquoted ']' closing the bracket expression opened at {@code open}, or -1 if there is none
     * (the '[' is then an ordinary character). A ']' first in the list (after a '!' or '^') is a member, and a
     * "[:class:]" inside is skipped whole.
     */
    private static int bracketEnd(Pattern p, int open) {
        String t = p.text();
        int i = open + 1;
        if (i < t.length() && !p.isQuoted(i) && (t.charAt(i) == '!' || t.charAt(i) == '^')) {
            i++;
        }
        if (i < t.length() && t.charAt(i) == ']') {
            i++;
        }
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (p.isQuoted(i)) {
                continue;
            }
            if (c == '[' && i + 1 < t.length() && t.charAt(i + 1) == ':' && !p.isQuoted(i + 1)) {
                int close = t.indexOf(":]", i + 2);
                if (close > 0) {
                    i = close + 1;
                    continue;
                }
            }
            if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code ch} is in the list {@code [from, end)} of a bracket expression (its negation applied). */
    private static boolean inBracket(Pattern p, int from, int end, char ch) {
        String t = p.text();
        int i = from;
        boolean negate = false;
        if (!p.isQuoted(i) && (t.charAt(i) == '!' || t.charAt(i) == '^')) {
            negate = true;
            i++;
        }
        boolean found = false;
        while (i < end) {
            char lo = t.charAt(i);
            if (!p.isQuoted(i) && lo == '[' && i + 1 < end && t.charAt(i + 1) == ':' && !p.isQuoted(i + 1)) {
                int close = t.indexOf(":]", i + 2);
                if (close > 0 && close < end) {
                    found |= inClass(t.substring(i + 2, close), ch);
                    i = close + 2;
                    continue;
                }
            }
            if (i + 2 < end && t.charAt(i + 1) == '-' && !p.isQuoted(i + 1)) {
                char hi = t.charAt(i + 2);
                found |= lo <= ch && ch <= hi;
                i += 3;
            } else {
                found |= lo == ch;
                i++;
            }
        }
        return found != negate;
    }

    private static boolean inClass(String name, char ch) {
        return switch (name) {
            case "alpha" -> Character.isLetter(ch) && ch < 128;
            case "digit" -> ch >= '0' && ch <= '9';
            case "alnum" -> (Character.isLetterOrDigit(ch)) && ch < 128;
            case "upper" -> ch >= 'A' && ch <= 'Z';
            case "lower" -> ch >= 'a' && ch <= 'z';
            case "space" -> ch == ' ' || (ch >= '\t' && ch <= '\r');
            case "blank" -> ch == ' ' || ch == '\t';
            case "punct" -> ch > ' ' && ch < 127 && !Character.isLetterOrDigit(ch);
            case "xdigit" -> Character.digit(ch, 16) >= 0 && ch < 128;
            case "cntrl" -> ch < ' ' || ch == 127;
            case "print" -> ch >= ' ' && ch < 127;
            case "graph" -> ch > ' ' && ch < 127;
            default -> false;
        };
    }

    // -------------------------------------------------------------------------------------------------------------
    // Pathname expansion

    /**
     * The pathnames {@code p} matches, sorted; empty if none (the caller then keeps the word as written).
     *
     * @param list the names in a directory ("" for the current one), null if it cannot be read
     * @param exists whether a pathname exists, for components taken as they are
     */
    public static List<String> expand(Pattern p, Function<String, List<String>> list, Predicate<String> exists) {
        List<Pattern> comps = new ArrayList<>();
        int from = 0;
        String t = p.text();
        for (int i = 0; i <= t.length(); i++) {
            if (i == t.length() || t.charAt(i) == '/') {
                comps.add(p.sub(from, i));
                from = i + 1;
            }
        }
        List<String> out = new ArrayList<>();
        walk(comps, 0, "", list, exists, out);
        Collections.sort(out);
        return out;
    }

    /** Adds the matches of components {@code k..} under {@code prefix} (the path so far, with its '/'). */
    private static void walk(List<Pattern> comps, int k, String prefix, Function<String, List<String>> list,
            Predicate<String> exists, List<String> out) {
        // components without pattern characters are taken as they are
        while (k < comps.size() && !comps.get(k).hasMeta()) {
            prefix += comps.get(k).text() + (k < comps.size() - 1 ? "/" : "");
            k++;
        }
        if (k == comps.size()) {
            if (exists.test(prefix)) {
                out.add(prefix);
            }
            return;
        }
        Pattern comp = comps.get(k);
        List<String> names = list.apply(prefix);
        if (names == null) {
            return;
        }
        boolean last = k == comps.size() - 1;
        boolean dot = !comp.text().isEmpty() && comp.text().charAt(0) == '.';
        for (String name : names) {
            if (name.equals(".") || name.equals("..") || (name.startsWith(".") && !dot)) {
                continue;
            }
            if (match(comp, name)) {
                if (last) {
                    out.add(prefix + name);
                } else {
                    walk(comps, k + 1, prefix + name + "/", list, exists, out);
                }
            }
        }
    }
}
