package org.kld86.kernel.tty;

import java.util.ArrayDeque;
import org.kld86.kernel.vm.KernelMemory;

/**
 * The terminal's input queue (FreeBSD's ttyinq): a ring of bytes in guest kernel memory, and the bookkeeping of
 * where its lines end.
 *
 * <pre>
 *   head                    lineEnd[0]         lineEnd[1]     tail
 *    |  complete line(s), readable   |   ...       | line being edited |
 * </pre>
 *
 * <p>Positions are counted from boot and never wrap; a byte's place in the ring is its position modulo the ring
 * size. In canonical mode only complete lines can be read, one at a time, and the line being edited is what
 * erase and kill act on. A line ended by VEOF carries no terminator: one of length zero is an end of file.
 * One byte of the ring is kept for the newline, so a full line can always be ended.
 *
 * <p>A reader copies out of the ring with uiomove, which may fault and sleep; {@link #generation()} tells it
 * whether the queue was flushed (^C) meanwhile, in which case what it read must not be consumed again.
 */
final class TtyInput {

    /** A readable stretch: {@code length} bytes from {@code position}; {@code eof} for an end of file. */
    record Span(long position, int length, boolean eof) {
    }

    private record LineEnd(long position, boolean eof) {
    }

    private final KernelMemory memory;
    private final long ringVa;
    private final int sizeBytes;
    private long head;
    private long tail;
    private final ArrayDeque<LineEnd> lineEnds = new ArrayDeque<>();
    private long generation;

    TtyInput(KernelMemory memory, long ringVa, int sizeBytes) {
        this.memory = memory;
        this.ringVa = ringVa;
        this.sizeBytes = sizeBytes;
    }

    /** The kernel address of position {@code pos}, and how many bytes from there run to the ring's end. */
    long va(long pos) {
        return ringVa + Math.floorMod(pos, sizeBytes);
    }

    int contiguousFrom(long pos) {
        return sizeBytes - (int) Math.floorMod(pos, sizeBytes);
    }

    int used() {
        return (int) (tail - head);
    }

    /** Where the line being edited starts. */
    private long editStart() {
        return lineEnds.isEmpty() ? head : Math.max(head, lineEnds.peekLast().position());
    }

    int editLength() {
        return (int) (tail - editStart());
    }

    /** The byte at offset {@code i} of the line being edited. */
    int editCharAt(int i) {
        return memory.read8(va(editStart() + i));
    }

    /** Appends an ordinary character; false if only the byte kept for the newline is left. */
    boolean put(int c) {
        if (used() >= sizeBytes - 1) {
            return false;
        }
        store(c);
        return true;
    }

    /** Appends a line terminator (NL, EOL) and ends the line; false if the ring is full. */
    boolean putEnd(int c) {
        if (used() >= sizeBytes) {
            return false;
        }
        store(c);
        lineEnds.add(new LineEnd(tail, false));
        return true;
    }

    private void store(int c) {
        memory.write8(va(tail), c);
        tail++;
    }

    /** VEOF in canonical mode: ends the line being edited with no terminator. */
    void endOfFile() {
        lineEnds.add(new LineEnd(tail, true));
    }

    /** Takes back the last character of the line being edited; -1 if the line is empty. */
    int unput() {
        if (editLength() == 0) {
            return -1;
        }
        tail--;
        return memory.read8(va(tail));
    }

    /** The next complete line (or what is left of it), at most {@code max} bytes; null if there is none. */
    Span nextLine(int max) {
        LineEnd end = lineEnds.peekFirst();
        if (end == null) {
            return null;
        }
        int n = (int) Math.min(end.position() - head, max);
        return new Span(head, n, n == 0 && end.eof());
    }

    /** In non-canonical mode every byte is readable: up to {@code max} from the head. */
    Span nextBytes(int max) {
        int n = Math.min(used(), max);
        return n == 0 ? null : new Span(head, n, false);
    }

    /** Bytes a read could return now (FIONREAD): complete lines in canonical mode, everything otherwise. */
    int readable(boolean canonical) {
        if (!canonical) {
            return used();
        }
        LineEnd last = lineEnds.peekLast();
        return last == null ? 0 : (int) (last.position() - head);
    }

    /**
     * Consumes what a reader copied out, unless the queue was flushed since it looked ({@code seenGeneration}).
     * A canonical read never crosses a line end, so at most the one end it reached is dropped (an end of file
     * just after a line stays for the next read); a non-canonical read drops every end it passed.
     */
    void consume(Span s, long seenGeneration, boolean canonical) {
        if (seenGeneration != generation) {
            return;
        }
        head = s.position() + s.length();
        if (canonical) {
            if (!lineEnds.isEmpty() && lineEnds.peekFirst().position() <= head) {
                lineEnds.pollFirst();
            }
        } else {
            while (!lineEnds.isEmpty() && lineEnds.peekFirst().position() <= head) {
                lineEnds.pollFirst();
            }
        }
    }

    /** Discards everything (tty_flush(FREAD)). */
    void flush() {
        head = tail;
        lineEnds.clear();
        generation++;
    }

    long generation() {
        return generation;
    }
}
