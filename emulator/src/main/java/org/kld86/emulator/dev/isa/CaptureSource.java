package org.kld86.emulator.dev.isa;

import java.util.ArrayDeque;

/**
 * Where an {@link IsaStreamDevice} gets the bytes it captures: the bytes the host fed, in order, and once those
 * are used up a fixed pattern, so a run with nothing fed is still deterministic and its bytes are predictable.
 *
 * <p>The pattern byte for position i of a run is {@code (i * 7 + 3) & 0xFF}: 7 is odd, so 256 consecutive bytes
 * are all different, and a byte that lands at the wrong address shows up in a comparison.
 */
final class CaptureSource {

    private final ArrayDeque<byte[]> fed = new ArrayDeque<>();
    /** How far into the head of {@link #fed} the device has read. */
    private int headOffset;

    /** The pattern byte at position {@code i} of a run. */
    static int pattern(long i) {
        return (int) ((i * 7 + 3) & 0xFF);
    }

    void feed(byte[] bytes) {
        if (bytes.length > 0) {
            fed.add(bytes.clone());
        }
    }

    /** The next captured byte, which is byte {@code indexInRun} of the current run. */
    int next(long indexInRun) {
        byte[] head = fed.peek();
        if (head == null) {
            return pattern(indexInRun);
        }
        int b = head[headOffset++] & 0xFF;
        if (headOffset == head.length) {
            fed.poll();
            headOffset = 0;
        }
        return b;
    }
}
