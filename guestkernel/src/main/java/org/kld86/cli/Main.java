package org.kld86.cli;

import java.io.PrintStream;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfigException;

/**
 * The host launcher behind {@code ./kld86}: builds the machine the command line describes and reports it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the launcher; returns the process exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (MachineConfigException e) {
            err.println("kld86: " + e.getMessage());
            return 64; // EX_USAGE
        }
        if (options.help()) {
            out.println(LauncherOptions.USAGE);
            return 0;
        }
        Machine machine;
        try {
            machine = new Machine(options.config());
        } catch (MachineConfigException e) {
            err.println("kld86: " + e.getMessage());
            return 64;
        }
        out.print(machine.describe());
        return 0;
    }
}
