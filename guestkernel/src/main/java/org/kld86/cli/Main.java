package org.kld86.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.TerminalBuilder;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfigException;

/**
 * The host launcher behind {@code ./kld86}: boots the machine the command line describes with the guest kernel,
 * and runs the shell on its console, interactively or for a command or a script (see {@link Session}); or, as
 * {@code ./kld86 new-module NAME}, makes a new driver module in the project ({@link NewModule}).
 *
 * <p>Paths that are not given on the command line (the kernel log, the sample modules' folders) are taken from
 * the project folder, the system property {@code kld86.home} that the {@code kld86} script sets, or else the
 * current directory.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, new SystemTerminal()));
    }

    /**
     * The process's own terminal. Java tells only whether both standard input and output are terminals
     * ({@link System#console()}); when they are not, the session is a piped one and needs no line editor.
     */
    private static final class SystemTerminal implements Session.TerminalFactory {
        @Override
        public org.jline.terminal.Terminal open() throws java.io.IOException {
            return TerminalBuilder.builder().system(true).name("kld86").build();
        }

        @Override
        public boolean available() {
            return System.console() != null;
        }
    }

    /** Runs the launcher on the process's own terminal for interactive sessions; returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, new SystemTerminal());
    }

    /**
     * Runs the launcher as {@code ./kld86 args} would with the project folder {@code home} (the sample modules'
     * build output, the default log folder), standard input, output and error given; returns the exit status.
     * This is the door for end-to-end tests of the non-interactive modes (-c and script).
     */
    public static int run(Path home, String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, new SystemTerminal(), home);
    }

    /** Runs the launcher; returns the process exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Session.TerminalFactory terminals) {
        return run(args, in, out, err, terminals, Path.of(System.getProperty("kld86.home", ".")));
    }

    private static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
            Session.TerminalFactory terminals, Path home) {
        if (args.length > 0 && args[0].equals("new-module")) {
            return NewModule.run(home, List.of(args).subList(1, args.length), out, err);
        }
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
        if (options.describe()) {
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
        try {
            new Machine(options.config()); // a bad device mix is a usage error, before anything else is said
        } catch (MachineConfigException e) {
            err.println("kld86: " + e.getMessage());
            return 64;
        }
        return new Session(options, in, out, err, terminals, home).run();
    }
}
