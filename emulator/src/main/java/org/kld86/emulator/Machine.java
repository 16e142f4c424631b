package org.kld86.emulator;

import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.E820Entry;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * An i386-style PC built from a {@link MachineConfig}: RAM and its address map, the port space, the MMU, the CPU
 * with its virtual clock, the platform devices every PC has, and the optional devices of the config.
 *
 * <p>The machine has no instruction decoder: guest code is JVM bytecode that runs on the host and reaches the
 * machine through this object's parts, the way code on a real CPU reaches memory through the MMU and devices
 * through ports and MMIO. Nothing here runs on its own thread; the machine moves only when guest code calls it.
 */
public final class Machine {

    private final MachineConfig config;
    private final VirtualClock clock;
    private final PhysicalMemory memory;
    private final IoPortSpace ports;
    private final Mmu mmu;
    private final Cpu cpu;
    private final List<String> deviceLines = new ArrayList<>();

    /**
     * Builds the machine.
     *
     * @throws MachineConfigException if the devices of the config cannot live together (port or IRQ conflicts)
     */
    public Machine(MachineConfig config) {
        this.config = config;
        this.clock = new VirtualClock(config.cpuHz());
        this.memory = new PhysicalMemory(config.ramBytes());
        this.ports = new IoPortSpace();
        this.mmu = new Mmu(memory);
        this.cpu = new Cpu(mmu, clock, ports);
    }

    public MachineConfig config() {
        return config;
    }

    public VirtualClock clock() {
        return clock;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public IoPortSpace ports() {
        return ports;
    }

    public Mmu mmu() {
        return mmu;
    }

    public Cpu cpu() {
        return cpu;
    }

    /**
     * The machine as its firmware would report it at power-on: RAM, clock, the E820 map (in Linux's boot-log
     * format) and every device with its ports, MMIO and IRQ.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("kld86 machine: %d MiB RAM, i386 CPU at %d MHz%n",
                config.ramBytes() >> 20, config.cpuHz() / 1_000_000));
        sb.append(String.format("BIOS-provided physical RAM map:%n"));
        for (E820Entry e : memory.e820()) {
            sb.append(String.format("BIOS-e820: [mem 0x%016x-0x%016x] %s%n", e.base(), e.end() - 1, e.typeName()));
        }
        sb.append(String.format("Devices:%n"));
        for (String line : deviceLines) {
            sb.append("  ").append(line).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
