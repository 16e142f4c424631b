package org.kld86.emulator;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MachineConfigTest {

    @Test
    void theDefaultMachineIs64MiBAt1GHzWithConsoleIsaStreamAndEdu() {
        MachineConfig c = MachineConfig.defaults();
        assertEquals(64L << 20, c.ramBytes());
        assertEquals(1_000_000_000L, c.cpuHz());
        assertEquals("uart,isastream,edu", String.join(",", c.devices().stream().map(DeviceSpec::toString).toList()));
    }

    @Test
    void sizesParseWithBinarySuffixes() {
        assertEquals(64L << 20, MachineConfig.parseSize("64M"));
        assertEquals(64L << 20, MachineConfig.parseSize("64MiB"));
        assertEquals(3L << 30, MachineConfig.parseSize("3g"));
        assertEquals(512L << 10, MachineConfig.parseSize("512K"));
        assertEquals(1048576, MachineConfig.parseSize("1048576"));
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineConfig.parseSize("lots"));
        assertTrue(e.getMessage().contains("'lots' is not a size"), e.getMessage());
        assertThrows(MachineConfigException.class, () -> MachineConfig.parseSize("-5M"));
    }

    @Test
    void outOfRangeRamIsRefusedWithTheLimits() {
        MachineConfigException e = assertThrows(MachineConfigException.class,
                () -> MachineConfig.builder().ram("4G").build());
        assertTrue(e.getMessage().contains("1 MiB to 3 GiB"), e.getMessage());
        assertThrows(MachineConfigException.class, () -> MachineConfig.builder().ram("512K").build());
        assertEquals(3L << 30, MachineConfig.builder().ram("3G").build().ramBytes());
    }

    @Test
    void deviceSpecsParseKindAndOptions() {
        DeviceSpec d = DeviceSpec.parse("edu,dma_mask=0xffffff,slot=5");
        assertEquals(DeviceKind.EDU, d.kind());
        assertEquals(0xFFFFFF, d.number("dma_mask", 0));
        assertEquals(5, d.number("slot", 3));
        assertEquals(7, DeviceSpec.parse("uart").number("irq", 7));
        assertEquals("edu,dma_mask=0xffffff,slot=5", d.toString());
    }

    @Test
    void malformedDeviceSpecsAreRefusedWithAClearMessage() {
        assertMessage("unknown device 'nic'", () -> DeviceSpec.parse("nic"));
        assertMessage("part of the platform", () -> DeviceSpec.parse("pic"));
        assertMessage("has no option 'speed' (it takes: slot, dma_mask)", () -> DeviceSpec.parse("edu,speed=3"));
        assertMessage("not of the form name=value", () -> DeviceSpec.parse("edu,slot"));
        assertMessage("given twice", () -> DeviceSpec.parse("edu,slot=3,slot=4"));
        assertMessage("empty device specification", () -> DeviceSpec.parse(" "));
        assertMessage("option slot=x is not a number", () -> DeviceSpec.parse("edu,slot=x"));
        assertMessage("option irq=16 is out of range (1 to 15)", () -> DeviceSpec.parse("uart,irq=16"));
        assertMessage("DMA channel 4 is the cascade", () -> DeviceSpec.parse("isastream,dma=4"));
        assertMessage("not a mask of low address bits", () -> DeviceSpec.parse("edu,dma_mask=0xf0f"));
        assertMessage("not a number", () -> DeviceSpec.parse("edu,dma_mask=zz"));
    }

    private static void assertMessage(String fragment, Runnable r) {
        MachineConfigException e = assertThrows(MachineConfigException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
