package org.kld86.userland;

/**
 * What cp(1) and mv(1) do with a target that exists, as -f, -i and -n say: each of the three overrides the ones
 * before it (cp.1, mv.1), so one value holds the last given, and a tool cannot end up both forcing and asking.
 */
enum Overwrite {
    /** None of the three: the tool's own default (mv asks about an unwritable target on a terminal, cp does not). */
    DEFAULT,
    /** -f: replace without asking. */
    FORCE,
    /** -i: ask {@code overwrite t? (y/n [n]) } first. */
    ASK,
    /** -n: never replace. */
    NEVER;

    /** The value the option letter f, i or n gives. */
    static Overwrite of(int option) {
        return switch (option) {
            case 'f' -> FORCE;
            case 'i' -> ASK;
            case 'n' -> NEVER;
            default -> throw new IllegalArgumentException("Overwrite.of: not f, i or n: " + (char) option);
        };
    }
}
