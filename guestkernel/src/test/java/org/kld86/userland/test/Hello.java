package org.kld86.userland.test;

import org.kld86.userland.libc.Libc;

/** A test program: prints its arguments and an environment variable, exits 3. */
public final class Hello {

    private Hello() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        StringBuilder sb = new StringBuilder("hello");
        for (int i = 1; i < c.args().length; i++) {
            sb.append(' ').append(c.args()[i]);
        }
        sb.append(" pid=").append(c.getpid()).append(" home=").append(c.getenv("HOME")).append('\n');
        c.write(1, sb.toString());
        return 3;
    }
}
