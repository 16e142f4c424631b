package org.kld86.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.userland.libc.SyscallNumbers;
import org.kld86.userland.test.SyscallFuzz;

/**
 * A tripwire for the lists of system call numbers that must agree: the kernel's {@link Sys}, the calls its table
 * registers, user programs' {@link SyscallNumbers}, and the calls the syscall fuzz program draws from.
 */
class SysTest {

    private static TreeMap<Integer, String> constants(Class<?> c, String prefix) throws IllegalAccessException {
        TreeMap<Integer, String> out = new TreeMap<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith(prefix)) {
                out.put(f.getInt(null), f.getName().substring(prefix.length()));
            }
        }
        return out;
    }

    /** The numbers the kernel's table has: every one Sys names but execve(2), which SPAWN stands in for. */
    private static TreeSet<Integer> registered() throws IllegalAccessException {
        TreeSet<Integer> out = new TreeSet<>(constants(Sys.class, "").keySet());
        out.remove(Sys.EXECVE);
        return out;
    }

    @Test
    void theKernelRegistersEveryNumberItNames() throws IllegalAccessException {
        try (Guest g = new Guest()) {
            assertEquals(registered(), g.kernel.syscalls().entries().keySet());
        }
    }

    @Test
    void userProgramsHaveTheSameNumbers() throws IllegalAccessException {
        TreeMap<Integer, String> kernel = constants(Sys.class, "");
        TreeMap<Integer, String> user = constants(SyscallNumbers.class, "SYS_");
        assertEquals(kernel.keySet(), user.keySet());
    }

    @Test
    void theFuzzReachesEveryCall() throws ReflectiveOperationException {
        Field f = SyscallFuzz.class.getDeclaredField("CALLS");
        f.setAccessible(true);
        TreeSet<Integer> calls = new TreeSet<>();
        for (int n : (int[]) f.get(null)) {
            calls.add(n);
        }
        calls.remove(1); // exit(2), if listed: the program turns it into getpid, as exiting would end the run
        TreeSet<Integer> expected = registered();
        expected.remove(1);
        assertEquals(expected, calls);
    }
}
