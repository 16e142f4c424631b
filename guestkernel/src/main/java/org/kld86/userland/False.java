package org.kld86.userland;

/** false(1): does nothing, unsuccessfully (exit status 1). */
public final class False {

    private False() {
    }

    public static int main(int argc, long argv, long envp) {
        return 1;
    }
}
