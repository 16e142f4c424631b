package org.kld86.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test class that runs against a kld86 machine. Each test gets a freshly booted machine (or, with
 * {@link #perClass}, the class shares one) with {@link #modules} loaded by kldload, and may take parameters:
 * a {@link Guest} (the machine) and any number of {@code @Dev("/dev/x") GuestFile} (device files opened
 * read-write by a user process).
 *
 * <pre>
 * &#64;GuestTest(modules = "echo")
 * class EchoTest {
 *     &#64;Test
 *     void roundTrip(&#64;Dev("/dev/echo") GuestFile echo) {
 *         echo.write("hello");
 *         assertEquals("hello", echo.readAll());
 *     }
 * }
 * </pre>
 *
 * After each test the files are closed and the kernel's messages are read: a panic, an INVARIANTS complaint,
 * a malloc(9) or UMA leak report, or a Linux BUG or WARNING fails the test even if its assertions passed. At the
 * end the modules are unloaded, and memory they did not give back fails the test too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GuestExtension.class)
public @interface GuestTest {

    /**
     * Modules to kldload, in order, before each test (or once, with {@link #perClass}); an entry may carry
     * module parameters after the name as kldload takes them: {@code "scullp scullp_order=2"}.
     */
    String[] modules() default {};

    /** The machine's RAM. */
    String ram() default "64M";

    /** Kernel options as a kernel config names them; empty is the default INVARIANTS kernel. */
    String options() default "";

    /** One machine for the whole class, booted before the first test, instead of one per test. */
    boolean perClass() default false;

    /** Whether unloading the modules at the end must give every page back. */
    boolean checkLeaks() default true;
}
