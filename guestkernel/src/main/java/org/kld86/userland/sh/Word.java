package org.kld86.userland.sh;

import java.util.List;

/**
 * A word as the parser reads it, before expansion: a run of parts, each literal or a parameter, each quoted or
 * not. Quoting matters after parsing too: only unquoted parameter values are split into fields, and a word with a
 * quoted part makes a field even when it expands to nothing ({@code ''} is one empty argument).
 */
public record Word(List<Part> parts) {

    /** What a part is. */
    public enum Kind {
        /** Text outside quotes. */
        LITERAL,
        /** Text inside quotes or after a backslash: never split. */
        QUOTED,
        /** $name outside quotes: its value is split into fields on blanks. */
        PARAM,
        /** $name inside double quotes: one field ("$@" excepted, one field per positional parameter). */
        QUOTED_PARAM,
        /** A leading ~ (tilde expansion to $HOME). */
        TILDE
    }

    /** One part: literal text, or a parameter's name ("?", "$", "1", "HOME"). */
    public record Part(Kind kind, String text) {
    }

    public Word {
        parts = List.copyOf(parts);
    }

    /** The word as written, quoting removed (for messages and assignments' names). */
    public String plainText() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p.kind()) {
                case LITERAL, QUOTED -> sb.append(p.text());
                case PARAM, QUOTED_PARAM -> sb.append('$').append(p.text());
                case TILDE -> sb.append('~').append(p.text());
            }
        }
        return sb.toString();
    }

    /** Whether the word is unquoted literal text only, equal to {@code s} (reserved words and "!" are such). */
    public boolean isLiteral(String s) {
        return parts.size() == 1 && parts.get(0).kind() == Kind.LITERAL && parts.get(0).text().equals(s);
    }
}
