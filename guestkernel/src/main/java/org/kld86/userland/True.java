package org.kld86.userland;

/** true(1): does nothing, successfully. */
public final class True {

    private True() {
    }

    public static int main(int argc, long argv, long envp) {
        return 0;
    }
}
