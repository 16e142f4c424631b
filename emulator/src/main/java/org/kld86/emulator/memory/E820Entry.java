package org.kld86.emulator.memory;

/**
 * One range of the BIOS E820 memory map (ACPI "address range descriptor"): a half-open physical range and
 * its type. A kernel reads these at boot to learn where usable RAM lies.
 *
 * @param base   first physical address of the range
 * @param length length in bytes; the range is {@code [base, base + length)}
 * @param type   {@link #USABLE}, {@link #RESERVED}, ...
 */
public record E820Entry(long base, long length, int type) {

    /** Address range memory: usable RAM. */
    public static final int USABLE = 1;
    /** Reserved: in use by the machine or firmware, not to be used by the OS. */
    public static final int RESERVED = 2;

    public E820Entry {
        if (base < 0 || length <= 0) {
            throw new IllegalArgumentException("E820Entry: bad range base=" + base + " length=" + length);
        }
    }

    /** One past the last address of the range. */
    public long end() {
        return base + length;
    }

    /** The type's name as Linux prints it in its boot log ("usable", "reserved"). */
    public String typeName() {
        return switch (type) {
            case USABLE -> "usable";
            case RESERVED -> "reserved";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() {
        return String.format("[mem 0x%08x-0x%08x] %s", base, end() - 1, typeName());
    }
}
