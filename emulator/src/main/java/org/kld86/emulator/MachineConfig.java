package org.kld86.emulator;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * What a machine is built from: its RAM size, its CPU clock rate and its optional devices. Immutable; build one
 * with {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>Everything is checked when the config is built, so a machine never starts half-configured: a RAM size
 * outside 1 MiB-3 GiB, an unknown device or option, a malformed number, or two devices on one IRQ line is
 * refused with a {@link MachineConfigException} that says what is wrong.
 */
public final class MachineConfig {

    public static final long DEFAULT_RAM_BYTES = 64L << 20;
    /** 1 GHz: one cycle is one virtual nanosecond. */
    public static final long DEFAULT_CPU_HZ = 1_000_000_000L;

    private final long ramBytes;
    private final long cpuHz;
    private final ImmutableList<DeviceSpec> devices;

    private MachineConfig(long ramBytes, long cpuHz, List<DeviceSpec> devices) {
        this.ramBytes = ramBytes;
        this.cpuHz = cpuHz;
        this.devices = ImmutableList.copyOf(devices);
    }

    /** The default PC: 64 MiB, 1 GHz, a console UART, the ISA stream device and one edu device. */
    public static MachineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long ramBytes() {
        return ramBytes;
    }

    public long cpuHz() {
        return cpuHz;
    }

    public List<DeviceSpec> devices() {
        return devices;
    }

    /** A builder preset to the defaults; {@link #clearDevices()} starts from a bare platform. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ramBytes = ramBytes;
        b.cpuHz = cpuHz;
        b.devices.clear();
        b.devices.addAll(devices);
        return b;
    }

    /**
     * Parses a size with an optional binary suffix: {@code 64M}, {@code 64MiB}, {@code 3G}, {@code 512K}, or a
     * plain number of bytes.
     */
    public static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> { }
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new MachineConfigException("'" + text + "' is not a size (examples: 64M, 3G, 512K, 1048576)");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("ram=").append(ramBytes >> 20).append("M cpu=").append(cpuHz / 1_000_000).append("MHz");
        for (DeviceSpec d : devices) {
            sb.append(" -device ").append(d);
        }
        return sb.toString();
    }

    /** Collects the settings; {@link #build()} checks them all. */
    public static final class Builder {
        private long ramBytes = DEFAULT_RAM_BYTES;
        private long cpuHz = DEFAULT_CPU_HZ;
        private final List<DeviceSpec> devices = new ArrayList<>(List.of(
                DeviceSpec.of(DeviceKind.UART), DeviceSpec.of(DeviceKind.ISASTREAM), DeviceSpec.of(DeviceKind.EDU)));

        private Builder() {
        }

        public Builder ramBytes(long bytes) {
            this.ramBytes = bytes;
            return this;
        }

        /** The RAM size as text, e.g. {@code "64M"}. */
        public Builder ram(String size) {
            return ramBytes(parseSize(size));
        }

        public Builder cpuHz(long hz) {
            this.cpuHz = hz;
            return this;
        }

        /** Removes every optional device, leaving the bare platform. */
        public Builder clearDevices() {
            devices.clear();
            return this;
        }

        public Builder device(DeviceSpec spec) {
            devices.add(spec);
            return this;
        }

        /** Adds a device written as {@code kind[,name=value]...}. */
        public Builder device(String spec) {
            return device(DeviceSpec.parse(spec));
        }

        public MachineConfig build() {
            try {
                PhysicalMemory.checkRamSize(ramBytes);
            } catch (IllegalArgumentException e) {
                throw new MachineConfigException(e.getMessage());
            }
            if (cpuHz < 1_000_000 || cpuHz > VirtualClock.MAX_HZ) {
                throw new MachineConfigException("CPU clock " + cpuHz + " Hz is out of range: 1 MHz to 4 GHz");
            }
            long uarts = devices.stream().filter(d -> d.kind() == DeviceKind.UART).count();
            if (uarts > 4) {
                throw new MachineConfigException("at most 4 serial ports (COM1-COM4), not " + uarts);
            }
            return new MachineConfig(ramBytes, cpuHz, devices);
        }
    }
}
