package org.kld86.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.dma.I8237Pair;
import org.kld86.emulator.dev.edu.EduDevice;
import org.kld86.emulator.dev.isa.IsaStreamDevice;
import org.kld86.emulator.dev.pci.PciBus;
import org.kld86.emulator.dev.pci.PciDevice;
import org.kld86.emulator.dev.pci.PciFirmware;
import org.kld86.emulator.dev.pic.I8259Pair;
import org.kld86.emulator.dev.pit.I8254;
import org.kld86.emulator.dev.uart.ConsoleSink;
import org.kld86.emulator.dev.uart.Uart16550;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.E820Entry;
import org.kld86.emulator.memory.MmioWindow;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * An i386-style PC built from a {@link MachineConfig}: RAM and its address map, the port space, the MMU, the CPU
 * with its virtual clock, the platform devices every PC has, and the optional devices of the config.
 *
 * <p>The platform, always present: the 8259 pair (IRQ 2 cascades the slave), the 8254 timer on IRQ 0, the
 * 8237 pair with its page registers, and PCI bus 0 with an i440FX host bridge. PCI INTx pins are routed the way
 * SeaBIOS routes QEMU's PIIX links: PIRQ A-D to IRQ 10, 10, 11, 11, link = (slot + pin - 1) mod 4, level-triggered
 * through the ELCR; BARs are placed from {@link #PCI_MMIO_BASE} up.
 *
 * <p>The machine has no instruction decoder: guest code is JVM bytecode that runs on the host and reaches the
 * machine through this object's parts, the way code on a real CPU reaches memory through the MMU and devices
 * through ports and MMIO. Nothing here runs on its own thread; the machine moves only when guest code calls it.
 */
public final class Machine {

    /** Where the firmware places PCI memory BARs: 0xFE000000 up to the IOAPIC area at 0xFEC00000. */
    public static final long PCI_MMIO_BASE = 0xFE00_0000L;
    public static final long PCI_MMIO_LIMIT = 0xFEC0_0000L;
    /** IRQ of each PIIX PCI interrupt link A-D, as SeaBIOS programs them on QEMU's pc machine. */
    private static final int[] PIRQ_TO_IRQ = {10, 10, 11, 11};

    private final MachineConfig config;
    private final VirtualClock clock;
    private final PhysicalMemory memory;
    private final IoPortSpace ports;
    private final Mmu mmu;
    private final Cpu cpu;
    private final I8259Pair pic;
    private final I8254 pit;
    private final I8237Pair dma;
    private final PciBus pci;
    private final List<Uart16550> uarts = new ArrayList<>();
    private final List<IsaStreamDevice> isaStreams = new ArrayList<>();
    private final List<EduDevice> edus = new ArrayList<>();
    private final List<String> deviceLines = new ArrayList<>();
    private ConsoleSink consoleOutput = ConsoleSink.NONE;

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
        try {
            this.pic = new I8259Pair(ports);
            cpu.setInterruptController(pic);
            this.pit = new I8254(ports, clock, pic.irq(0));
            this.dma = new I8237Pair(ports, memory);
            this.pci = new PciBus(ports, memory);
            deviceLines.add("i8259 PIC pair      ports 0x20-0x21 0xa0-0xa1, ELCR 0x4d0-0x4d1, slave on IRQ 2");
            deviceLines.add("i8254 PIT           ports 0x40-0x43, IRQ 0, 1193182 Hz");
            deviceLines.add("i8237 DMA pair      ports 0x00-0x0f 0xc0-0xdf, page registers 0x80-0x8f");
            deviceLines.add("PCI host bridge     00:00.0 8086:1237 (i440FX), configuration ports 0xcf8 0xcfc-0xcff");
            buildDevices(config);
        } catch (MachineConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MachineConfigException(e.getMessage());
        }
    }

    private void buildDevices(MachineConfig config) {
        Map<Integer, String> isaIrqs = new TreeMap<>();
        isaIrqs.put(0, "the PIT");
        isaIrqs.put(2, "the slave PIC cascade");
        boolean[] usedSlots = new boolean[32];
        usedSlots[0] = true;
        int com = 0;
        for (DeviceSpec d : config.devices()) {
            switch (d.kind()) {
                case UART -> {
                    int port = (int) d.number("port", 0x3F8);
                    int irq = claimIsaIrq(isaIrqs, (int) d.number("irq", 4), "uart at 0x" + Integer.toHexString(port));
                    Uart16550 u = new Uart16550(ports, port, clock, pic.irq(irq), b -> consoleOutput.write(b));
                    uarts.add(u);
                    deviceLines.add(String.format("16550A UART COM%d   ports 0x%x-0x%x, IRQ %d%s", ++com, port, port + 7,
                            irq, uarts.size() == 1 ? " (console)" : ""));
                }
                case ISASTREAM -> {
                    int port = (int) d.number("port", 0x300);
                    int channel = (int) d.number("dma", 1);
                    int irq = claimIsaIrq(isaIrqs, (int) d.number("irq", 5), "isastream at 0x" + Integer.toHexString(port));
                    long ns = d.number("ns_per_byte", 1000);
                    isaStreams.add(new IsaStreamDevice(ports, clock, dma, channel, port, pic.irq(irq), ns));
                    deviceLines.add(String.format("ISA stream device   ports 0x%x-0x%x, IRQ %d, DMA channel %d, %d ns/byte",
                            port, port + 7, irq, channel, ns));
                }
                case EDU -> {
                    int slot = (int) d.number("slot", 0);
                    if (!d.options().containsKey("slot")) {
                        slot = 3;
                        while (slot < 32 && usedSlots[slot]) {
                            slot++;
                        }
                        if (slot == 32) {
                            throw new MachineConfigException("device edu: no free PCI slot left");
                        }
                    } else if (usedSlots[slot]) {
                        throw new MachineConfigException("device edu: PCI slot " + slot + " is already taken");
                    }
                    usedSlots[slot] = true;
                    EduDevice edu = new EduDevice(clock, d.number("dma_mask", EduDevice.DEFAULT_DMA_MASK));
                    pci.attach(slot, edu, pic.irq(pciIrq(slot, 1)));
                    edus.add(edu);
                }
            }
        }
        int elcr = 0;
        for (PciDevice dev : pci.devices()) {
            if (dev.interruptPin() != 0) {
                int irq = pciIrq(dev.slot(), dev.interruptPin());
                if (isaIrqs.containsKey(irq)) {
                    throw new MachineConfigException(String.format(
                            "IRQ %d is routed to PCI device %s but %s uses it too", irq, dev.address(), isaIrqs.get(irq)));
                }
                elcr |= 1 << irq;
            }
        }
        // The firmware sets the PCI IRQs level-triggered (ELCR) and places the BARs, as SeaBIOS does.
        ports.out8(0x4D0, elcr & 0xFF);
        ports.out8(0x4D1, elcr >>> 8);
        PciFirmware.assignResources(pci, PCI_MMIO_BASE, PCI_MMIO_LIMIT, slot -> pciIrq(slot, 1));
        for (EduDevice edu : edus) {
            MmioWindow bar = edu.barWindow(0);
            deviceLines.add(String.format("edu                 %s 1234:11e8, BAR0 [mem 0x%08x-0x%08x], IRQ %d (INTA, level), DMA mask 0x%x",
                    edu.address(), bar.base(), bar.base() + bar.sizeBytes() - 1, pciIrq(edu.slot(), 1), edu.dma().dmaMask()));
        }
    }

    private static int claimIsaIrq(Map<Integer, String> used, int irq, String who) {
        String other = used.putIfAbsent(irq, who);
        if (other != null) {
            throw new MachineConfigException(String.format("%s wants IRQ %d, which %s already uses", who, irq, other));
        }
        return irq;
    }

    /** The PIC input a PCI slot's interrupt pin reaches: PIIX link (slot + pin - 1) mod 4. */
    public static int pciIrq(int slot, int pin) {
        return PIRQ_TO_IRQ[(slot + pin - 1) & 3];
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

    public I8259Pair pic() {
        return pic;
    }

    public I8254 pit() {
        return pit;
    }

    public I8237Pair dma() {
        return dma;
    }

    public PciBus pci() {
        return pci;
    }

    /** The serial ports, COM1 (the console) first. */
    public List<Uart16550> uarts() {
        return List.copyOf(uarts);
    }

    /** The console UART (COM1), or null if the machine has none. */
    public Uart16550 console() {
        return uarts.isEmpty() ? null : uarts.get(0);
    }

    /** Where the bytes the guest sends to the serial ports go (the host terminal). */
    public void setConsoleOutput(ConsoleSink sink) {
        this.consoleOutput = sink == null ? ConsoleSink.NONE : sink;
    }

    public List<IsaStreamDevice> isaStreams() {
        return List.copyOf(isaStreams);
    }

    public List<EduDevice> eduDevices() {
        return List.copyOf(edus);
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
