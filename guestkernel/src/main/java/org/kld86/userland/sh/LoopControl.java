package org.kld86.userland.sh;

/**
 * A break or continue on its way out to the loop it names: {@code levels} is how many enclosing loops are still
 * to be left (1: the innermost one), as FreeBSD's sh counts skipcount down.
 */
final class LoopControl extends RuntimeException {

    private final boolean isBreak;
    private final int levels;

    LoopControl(boolean isBreak, int levels) {
        super(null, null, false, false);
        this.isBreak = isBreak;
        this.levels = levels;
    }

    boolean isBreak() {
        return isBreak;
    }

    int levels() {
        return levels;
    }
}
