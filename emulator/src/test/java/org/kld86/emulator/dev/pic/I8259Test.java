package org.kld86.emulator.dev.pic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One 8259A on its own: the INT pin as a wire, and the chip-level modes the pair's tests do not reach.
 * The cascade, INTA and the port decoders are {@link I8259PairTest}'s.
 */
class I8259Test {

    final List<Boolean> intLevels = new ArrayList<>();

    I8259 chip(boolean master, int icw4) {
        I8259 c = new I8259(master, 0xFF, intLevels::add);
        c.writeCommand(0x11);
        c.writeData(0x08);
        c.writeData(master ? 0x04 : 0x02);
        c.writeData(icw4);
        return c;
    }

    @Test
    void intPinIsDrivenOnTransitionsOnly() {
        I8259 c = chip(true, 0x01);
        c.setInput(3, true);
        c.setInput(3, true);
        c.setInput(5, true);
        assertEquals(List.of(true), intLevels);
        c.acknowledge(3);
        assertEquals(List.of(true, false), intLevels, "IRQ 5 ranks below IRQ 3 in service");
        c.writeCommand(0x20);
        assertEquals(List.of(true, false, true), intLevels);
    }

    @Test
    void specialFullyNestedModeLetsTheCascadeInputNest() {
        I8259 normal = chip(true, 0x01);
        normal.setInput(2, true);
        normal.acknowledge(2);
        normal.setInput(2, false);
        normal.setInput(2, true); // a higher-priority slave request: the slave's INT rises again
        assertFalse(normal.output(), "fully nested: input 2 in service blocks input 2");

        I8259 sfnm = chip(true, 0x11);
        sfnm.setInput(2, true);
        sfnm.acknowledge(2);
        sfnm.setInput(2, false);
        sfnm.setInput(2, true);
        assertTrue(sfnm.output(), "SFNM: the slave sorts out its own priorities");
        assertEquals(2, sfnm.pendingIrq());
    }

    @Test
    void specialFullyNestedModeIsAMasterThing() {
        I8259 slave = chip(false, 0x11);
        slave.setInput(2, true);
        slave.acknowledge(2);
        slave.setInput(2, false);
        slave.setInput(2, true);
        assertFalse(slave.output());
    }

    @Test
    void elcrKeepsOnlyTheBitsTheBoardAllows() {
        I8259 c = new I8259(true, 0xF8, high -> { });
        c.writeElcr(0xFF);
        assertEquals(0xF8, c.elcr());
    }

    @Test
    void describeShowsTheRegistersLikeQemusInfoPic() {
        I8259 c = chip(false, 0x01);
        c.writeData(0xA5);
        c.setInput(1, true);
        assertEquals("pic1: irr=02 imr=a5 isr=00 hprio=0 irq_base=08 rr_sel=0 elcr=00 fnm=0", c.describe());
    }
}
