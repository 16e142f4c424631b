package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** halt(8): reboot(RB_HALT) for root, "Operation not permitted" for others. */
class HaltTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void anUnprivilegedUserCannotHalt() {
        Guest.Run r = guest.runAs(Ucred.user(), "halt");
        assertEquals("halt: Operation not permitted\n", r.err());
        assertEquals(1, r.exitCode());
        assertFalse(guest.kernel.halted());
    }

    @Test
    void rootHaltsTheMachine() {
        int mark = guest.kernel.console().dmesg().length();
        org.junit.jupiter.api.Assertions.assertThrows(org.kld86.kernel.proc.Scheduler.Shutdown.class, () -> guest.run("halt"),
                "the host waiting for the process is released by the shutdown");
        assertTrue(guest.kernel.halted());
        assertEquals("\nThe operating system has halted.\n", guest.kernel.console().dmesg().substring(mark));
    }
}
