package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrueTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void trueExitsZeroAndFalseOneAndNeitherPrints() {
        Guest.Run t = guest.run("true", "ignored");
        Guest.Run f = guest.run("false");
        assertEquals(0, t.status());
        assertEquals(1 << 8, f.status());
        assertEquals("", t.all() + f.all());
    }
}
