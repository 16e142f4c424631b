package org.kld86.userland.sh;

import java.util.List;

/**
 * The syntax tree of the shell language this sh understands: a complete command is a sequence of and-or lists
 * separated by ';', an and-or list is pipelines joined by {@code &&} and {@code ||}, a pipeline is simple commands
 * joined by '|' (optionally negated with '!'), and a simple command is assignments, words and redirections.
 */
public sealed interface Node {

    /** {@code name=value} before a command's name. */
    record Assignment(String name, Word value) {
    }

    /**
     * A redirection: {@code fd} and operator ("<", ">", ">>", ">|", "<>", ">&", "<&") and a file name, or for the
     * duplicating operators a descriptor number or "-" as the target word.
     */
    record Redirect(int fd, String op, Word target) {
    }

    /** A simple command. */
    record Simple(List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements Node {
        public Simple {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code [!] a | b | c}. */
    record Pipeline(List<Simple> commands, boolean negated) implements Node {
        public Pipeline {
            commands = List.copyOf(commands);
        }
    }

    /**
     * {@code p1 && p2 || p3}: {@code ops.get(i)} joins pipelines i and i + 1. Ended by '&' it is an asynchronous
     * list ({@code background}), and {@code source} is its text, for the subshell that runs it.
     */
    record AndOr(List<Pipeline> pipelines, List<String> ops, boolean background, String source) implements Node {
        public AndOr {
            pipelines = List.copyOf(pipelines);
            ops = List.copyOf(ops);
        }

        public AndOr(List<Pipeline> pipelines, List<String> ops) {
            this(pipelines, ops, false, "");
        }
    }

    /** {@code a; b; c}: one complete command, what one line holds. */
    record Sequence(List<AndOr> items) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }
    }
}
