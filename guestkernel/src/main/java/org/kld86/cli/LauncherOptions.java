package org.kld86.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.MachineConfigException;
import org.kld86.kernel.KernelOptions;

/**
 * The launcher's command line, parsed and checked: the machine (RAM, devices), the kernel (options, module
 * folders, the shared host folder, the log), and what to run: an interactive shell, {@code -c COMMAND}, or a
 * host script.
 *
 * @param config     the machine to build
 * @param kernel     the kernel's options (-o)
 * @param moduleDirs extra host folders of .ko files for /boot/modules (-M), after modules/*&#47;target
 * @param share      a host folder to show read-only at /host (--share), or null
 * @param log        where the kernel log goes (--log), or null for the default
 * @param command    the -c command, or null
 * @param script     the host script to run, or null
 * @param args       arguments after the command or script
 * @param programs   extra programs for /bin (--program NAME=CLASS, a hook for tests)
 * @param describe   print the machine and stop
 * @param help       print the usage and stop
 */
public record LauncherOptions(MachineConfig config, KernelOptions kernel, List<Path> moduleDirs, Path share, Path log,
        String command, Path script, List<String> args, Map<String, String> programs, boolean describe,
        boolean help) {

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: kld86 [options] [-c command | script [arg ...]]",
            "       kld86 new-module NAME [--linux]   make modules/NAME, a new driver with its test",
            "  with neither -c nor a script, an interactive shell on the console",
            "  -c COMMAND            run sh -c COMMAND and exit with its status",
            "  script [arg ...]      copy the host file script into the guest's /tmp and run it with sh",
            "  -m, --ram SIZE        RAM size, 1M to 3G (default 64M)",
            "  --cpu-mhz N           CPU clock in MHz (default 1000)",
            "  -d, --device SPEC     add a device: uart[,port=,irq=] isastream[,port=,irq=,dma=,ns_per_byte=]",
            "                        edu[,slot=,dma_mask=]",
            "  --nodefaults          start from the bare platform (no UART, ISA stream or edu device)",
            "  -o, --options LIST    kernel options as a kernel config names them (default INVARIANTS),",
            "                        e.g. -o DIAGNOSTIC,-INVARIANTS",
            "  -M, --module-path DIR a host folder of .ko files to show in /boot/modules (repeatable); the",
            "                        sample modules' modules/*/target folders are always there",
            "  --share DIR           show the host folder DIR read-only at /host",
            "  --log FILE            where the kernel log goes (default target/kld86.log)",
            "  --describe            print the machine and exit",
            "  -h, --help            this text",
            "Exit status: the shell's; 70 if the kernel panicked; 0 after halt; 64 for a bad command line.");

    /**
     * Parses {@code args}.
     *
     * @throws MachineConfigException with a message for the user when an option or its value is wrong
     */
    public static LauncherOptions parse(String[] args) {
        MachineConfig.Builder b = MachineConfig.builder();
        List<String> devices = new ArrayList<>();
        List<Path> moduleDirs = new ArrayList<>();
        Map<String, String> programs = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        KernelOptions kernel = KernelOptions.defaults();
        Path share = null;
        Path log = null;
        String command = null;
        Path script = null;
        boolean nodefaults = false;
        boolean describe = false;
        boolean help = false;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (command != null || !a.startsWith("-")) {
                break;
            }
            switch (a) {
                case "-m", "--ram" -> b.ram(value(args, ++i, a));
                case "--cpu-mhz" -> {
                    String v = value(args, ++i, a);
                    try {
                        b.cpuHz(Long.parseLong(v) * 1_000_000L);
                    } catch (NumberFormatException e) {
                        throw new MachineConfigException("--cpu-mhz: '" + v + "' is not a number");
                    }
                }
                case "-d", "--device" -> devices.add(value(args, ++i, a));
                case "--nodefaults" -> nodefaults = true;
                case "-o", "--options" -> {
                    try {
                        kernel = KernelOptions.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new MachineConfigException(a + ": " + e.getMessage());
                    }
                }
                case "-M", "--module-path" -> moduleDirs.add(directory(value(args, ++i, a), a));
                case "--share" -> share = directory(value(args, ++i, a), a);
                case "--log" -> log = Path.of(value(args, ++i, a));
                case "-c" -> command = value(args, ++i, a);
                case "--program" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0 || eq == v.length() - 1) {
                        throw new MachineConfigException("--program: '" + v + "' is not NAME=CLASS");
                    }
                    programs.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--describe" -> describe = true;
                case "-h", "--help" -> help = true;
                default -> throw new MachineConfigException("unknown option '" + a + "' (see kld86 --help)");
            }
        }
        for (; i < args.length; i++) {
            rest.add(args[i]);
        }
        if (command == null && !rest.isEmpty()) {
            script = Path.of(rest.remove(0));
            if (!Files.isRegularFile(script)) {
                throw new MachineConfigException("script " + script + " is not a readable file");
            }
        }
        if (nodefaults) {
            b.clearDevices();
        }
        for (String d : devices) {
            b.device(d);
        }
        return new LauncherOptions(b.build(), kernel, List.copyOf(moduleDirs), share, log, command, script,
                List.copyOf(rest), Map.copyOf(programs), describe, help);
    }

    /** Neither -c nor a script: a person at the keyboard. */
    public boolean interactive() {
        return command == null && script == null;
    }

    private static Path directory(String v, String option) {
        Path p = Path.of(v);
        if (!Files.isDirectory(p)) {
            throw new MachineConfigException(option + ": " + v + " is not a directory");
        }
        return p;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new MachineConfigException("option " + option + " needs a value");
        }
        return args[i];
    }
}
