package org.kld86.cli;

import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.MachineConfigException;

/**
 * The launcher's command line, parsed and checked: machine options (RAM, devices) and what to do.
 *
 * @param config the machine to build
 * @param help   whether to print the usage and stop
 */
public record LauncherOptions(MachineConfig config, boolean help) {

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: kld86 [options]",
            "  -m, --ram SIZE        RAM size, 1M to 3G (default 64M)",
            "  --cpu-mhz N           CPU clock in MHz (default 1000)",
            "  -d, --device SPEC     add a device: uart[,port=,irq=] isastream[,port=,irq=,dma=,ns_per_byte=]",
            "                        edu[,slot=,dma_mask=]",
            "  --nodefaults          start from the bare platform (no UART, ISA stream or edu device)",
            "  -h, --help            this text");

    /**
     * Parses {@code args}.
     *
     * @throws MachineConfigException with a message for the user when an option or its value is wrong
     */
    public static LauncherOptions parse(String[] args) {
        MachineConfig.Builder b = MachineConfig.builder();
        List<String> devices = new ArrayList<>();
        boolean nodefaults = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
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
                case "-h", "--help" -> help = true;
                default -> throw new MachineConfigException("unknown option '" + a + "' (see kld86 --help)");
            }
        }
        if (nodefaults) {
            b.clearDevices();
        }
        for (String d : devices) {
            b.device(d);
        }
        return new LauncherOptions(b.build(), help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new MachineConfigException("option " + option + " needs a value");
        }
        return args[i];
    }
}
