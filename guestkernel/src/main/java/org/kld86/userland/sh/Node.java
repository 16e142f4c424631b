package org.kld86.userland.sh;

import java.util.List;

/**
 * The syntax tree of the shell language this sh understands: a complete command is a sequence of and-or lists
 * separated by ';', an and-or list is pipelines joined by {@code &&} and {@code ||}, a pipeline is commands
 * joined by '|' (optionally negated with '!'), and a command is either simple (assignments, words and
 * redirections) or compound (if, while, until, for, case, a { } group: lists of their own, with redirections for the
 * whole).
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

    /** An element of a pipeline. */
    sealed interface Command extends Node {
    }

    /** A simple command. */
    record Simple(List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements Command {
        public Simple {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /**
     * A compound command: {@code body} one of {@link If}, {@link Loop}, {@link For}, {@link Case}, {@link Group};
     * the redirections after its closing word apply to the whole; {@code source} is its text with them, for a child
     * shell that runs it as an element of a pipeline.
     */
    record Compound(Node body, List<Redirect> redirects, String source) implements Command {
        public Compound {
            redirects = List.copyOf(redirects);
        }
    }

    /**
     * {@code if c1; then b1; elif c2; then b2; else e; fi}: {@code conditions.get(i)} guards
     * {@code branches.get(i)}; {@code otherwise} is the else part, null if none.
     */
    record If(List<Sequence> conditions, List<Sequence> branches, Sequence otherwise) implements Node {
        public If {
            conditions = List.copyOf(conditions);
            branches = List.copyOf(branches);
        }
    }

    /** {@code while c; do b; done}, or with {@code until} the loop that runs while c fails. */
    record Loop(boolean until, Sequence condition, Sequence body) implements Node {
    }

    /** {@code for name in words; do body; done}; {@code words} null without "in" (the positional parameters). */
    record For(String name, List<Word> words, Sequence body) implements Node {
        public For {
            words = words == null ? null : List.copyOf(words);
        }
    }

    /**
     * {@code case word in pattern|pattern) list;; ... esac}: the first item with a pattern matching the word runs;
     * {@code items} in order.
     */
    record Case(Word word, List<CaseItem> items) implements Node {
        public Case {
            items = List.copyOf(items);
        }
    }

    /** One item of a case: its patterns and the list they guard. */
    record CaseItem(List<Word> patterns, Sequence body) {
        public CaseItem {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code { list; }}. */
    record Group(Sequence body) implements Node {
    }

    /** {@code [!] a | b | c}. */
    record Pipeline(List<Command> commands, boolean negated) implements Node {
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

    /**
     * {@code a; b; c}: one complete command (what one line holds, or more for a compound command that goes on),
     * or the list inside a compound command.
     */
    record Sequence(List<AndOr> items) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }
    }
}
