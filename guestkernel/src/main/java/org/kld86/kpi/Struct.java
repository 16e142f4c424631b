package org.kld86.kpi;

import org.kld86.kernel.structs.StructLayouts;

/**
 * Typed views of C structs in guest memory. Describe the struct as an interface, one getter (and optionally a
 * same-named setter) per field, each getter marked with its position:
 *
 * <pre>
 * // typedef struct echo { char buffer[256]; int length; } echo_t;
 * public interface EchoT {
 *     &#64;Field(0) &#64;Array(length = 256) long buffer();   // char buffer[256]: the array's address
 *     &#64;Field(1) int length();                         // int length;
 *     void length(int value);
 * }
 * long p = malloc(Struct.sizeof(EchoT.class), M_ECHO, M_WAITOK);   // 260, as sizeof(echo_t) on i386
 * EchoT msg = Struct.at(EchoT.class, p);
 * msg.length(5);                                                 // echo_message->length = 5
 * </pre>
 *
 * Field types: {@code byte} (char), {@code short}, {@code char} (uint16_t), {@code int}, {@code long} (long
 * long), {@code boolean} (1 byte), {@code float}, {@code double}, a {@code long} marked {@link Pointer}, and
 * {@link Array}s of those. Offsets, padding and sizeof follow the i386 System V ABI, where {@code long long} and
 * {@code double} are 4-byte aligned inside a struct. The view's methods read and write guest memory through the
 * MMU on every call: nothing is cached, so a view always shows what is in memory now.
 *
 * <p>Trap: a view is just an address. After {@code free()} the view still "works" and reads 0xdeadc0de on an
 * INVARIANTS kernel, like a dangling pointer in C.
 */
public final class Struct {

    private Struct() {
    }

    /** sizeof(struct): the struct's size with tail padding. */
    public static long sizeof(Class<?> struct) {
        return StructLayouts.layout(struct).sizeBytes();
    }

    /** offsetof(struct, field). */
    public static long offsetof(Class<?> struct, String field) {
        return StructLayouts.layout(struct).offsetOf(field);
    }

    /** A view of the struct at guest address {@code address}. */
    public static <T> T at(Class<T> struct, long address) {
        return StructLayouts.view(struct, address);
    }

    /** The guest address a view stands for. */
    public static long addressOf(Object view) {
        return StructLayouts.addressOf(view);
    }
}
