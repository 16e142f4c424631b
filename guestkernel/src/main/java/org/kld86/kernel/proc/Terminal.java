package org.kld86.kernel.proc;

/**
 * A process's controlling terminal, as far as the kernel's uprintf(9), the console and ps(1) need it: a place to
 * write, and the name of its device node.
 */
public interface Terminal {

    void write(String text);

    /** The device's name under /dev ("ttyu0"), what ps shows in its TT column; null for a terminal with no node. */
    default String name() {
        return null;
    }
}
