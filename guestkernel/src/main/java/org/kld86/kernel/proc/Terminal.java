package org.kld86.kernel.proc;

/** A process's controlling terminal, as far as the kernel's uprintf(9) and the console need it: a place to write. */
public interface Terminal {

    void write(String text);
}
