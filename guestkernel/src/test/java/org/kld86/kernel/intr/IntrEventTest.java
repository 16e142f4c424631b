package org.kld86.kernel.intr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntrEventTest {

    private static IntrHandler handler(String name) {
        return new IntrHandler(name, a -> Interrupts.FILTER_HANDLED, null, null, Interrupts.INTR_TYPE_MISC, null, null);
    }

    @Test
    void theFullNameListsTheHandlersInOrder() {
        IntrEvent ie = new IntrEvent(11);
        assertEquals("irq11:", ie.fullname());
        IntrHandler a = handler("edu0");
        IntrHandler b = handler("edu1");
        ie.add(a);
        ie.add(b);
        assertEquals("irq11: edu0 edu1", ie.fullname());
        assertEquals(11, a.irq());
    }

    @Test
    void removingDoesNotDisturbAWalkAlreadyUnderWay() {
        IntrEvent ie = new IntrEvent(5);
        IntrHandler a = handler("a");
        IntrHandler b = handler("b");
        ie.add(a);
        ie.add(b);
        List<IntrHandler> walking = ie.handlers();
        assertTrue(ie.remove(a));
        assertFalse(ie.remove(a));
        assertEquals(List.of(a, b), walking);
        assertEquals(List.of(b), ie.handlers());
        assertEquals(-1, a.irq());
    }
}
