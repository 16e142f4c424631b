package org.kld86.emulator;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optional device of a machine, written the way QEMU's {@code -device} takes it: a kind and options,
 * {@code "edu,dma_mask=0xfffffff"}. The kinds and their options are listed in {@link DeviceKind}.
 *
 * @param kind    the device kind
 * @param options option name to value, as written
 */
public record DeviceSpec(DeviceKind kind, ImmutableMap<String, String> options) {

    /** Checks the options' names and values against {@code kind}. */
    public DeviceSpec(DeviceKind kind, ImmutableMap<String, String> options) {
        this.kind = kind;
        this.options = options;
        for (String name : options.keySet()) {
            if (!kind.options().contains(name)) {
                throw new MachineConfigException(String.format("device %s has no option '%s' (it takes: %s)",
                        kind.specName(), name, kind.options().isEmpty() ? "none" : String.join(", ", kind.options())));
            }
        }
        kind.check(this);
    }

    /** A device of {@code kind} with every option at its default. */
    public static DeviceSpec of(DeviceKind kind) {
        return new DeviceSpec(kind, ImmutableMap.of());
    }

    /**
     * Parses {@code kind[,name=value]...}.
     *
     * @throws MachineConfigException naming the part that is malformed
     */
    public static DeviceSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MachineConfigException("empty device specification");
        }
        String[] parts = text.trim().split(",", -1);
        DeviceKind kind = DeviceKind.byName(parts[0].trim());
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new MachineConfigException(String.format(
                        "device %s: option '%s' is not of the form name=value", kind.specName(), part));
            }
            String name = part.substring(0, eq).trim();
            if (options.put(name, part.substring(eq + 1).trim()) != null) {
                throw new MachineConfigException(String.format(
                        "device %s: option '%s' is given twice", kind.specName(), name));
            }
        }
        return new DeviceSpec(kind, ImmutableMap.copyOf(options));
    }

    /** The option {@code name} as a number (decimal, or hex with 0x), or {@code defaultValue} if absent. */
    public long number(String name, long defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MachineConfigException(String.format(
                    "device %s: option %s=%s is not a number", kind.specName(), name, v));
        }
    }

    /** The option {@code name} as a number within {@code [min, max]}. */
    public long number(String name, long defaultValue, long min, long max) {
        long v = number(name, defaultValue);
        if (v < min || v > max) {
            throw new MachineConfigException(String.format("device %s: option %s=%s is out of range (%s to %s)",
                    kind.specName(), name, options.get(name), hexOrDec(min), hexOrDec(max)));
        }
        return v;
    }

    private static String hexOrDec(long v) {
        return v > 4096 ? "0x" + Long.toHexString(v) : Long.toString(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.specName());
        options.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
        return sb.toString();
    }
}
