package org.kld86.emulator.dev;

import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.cpu.VirtualClock;

/**
 * A test's interrupt controller input: remembers every level a device drives, with the virtual time it did.
 */
public final class RecordingIrqLine implements IrqLine {

    /** One call of {@link #set(boolean)}. */
    public record Drive(long cycles, boolean high) {
    }

    private final VirtualClock clock;
    private final List<Drive> drives = new ArrayList<>();
    private boolean level;

    public RecordingIrqLine(VirtualClock clock) {
        this.clock = clock;
    }

    @Override
    public void set(boolean high) {
        drives.add(new Drive(clock.now(), high));
        level = high;
    }

    /** The level last driven. */
    public boolean level() {
        return level;
    }

    /** Every drive so far, in order. */
    public List<Drive> drives() {
        return List.copyOf(drives);
    }
}
