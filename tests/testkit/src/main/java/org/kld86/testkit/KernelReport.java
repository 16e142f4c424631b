package org.kld86.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What in the kernel's messages means a test must fail although its assertions passed: a panic; malloc(9)'s and
 * UMA's leak reports at kldunload; INVARIANTS' use-after-free and bad-flag complaints; Linux's slab leak and
 * wrong-cache reports, BUG and WARNING (with its cut-here trace); iounmap of a bad address; a driver built for
 * another KPI version.
 */
final class KernelReport {

    private KernelReport() {
    }

    /** Lines that start a report, by the message the kernel prints (see the allocators and kernel/linux/Bug). */
    static final Pattern PROBLEM = Pattern.compile(String.join("|",
            "^panic: ",
            "^Warning: memory type .* leaked memory on destroy",
            "^Freed UMA keg \\(.*\\) was not empty",
            "^Memory modified after free ",
            "^Bad malloc flags",
            "^kmem_cache_destroy .*: Slab cache still has objects",
            "^cache_from_obj: Wrong slab cache",
            "^kernel BUG at ",
            "^BUG: ",
            "^WARNING: ",
            "^iounmap: bad address",
            "^watchdog: BUG: soft lockup"), Pattern.MULTILINE);

    /** The problems in the kernel's messages after position {@code mark} of dmesg, each with its context. */
    static List<String> problems(Guest guest, int mark) {
        List<String> out = new ArrayList<>();
        guest.panic().ifPresent(p -> out.add("the kernel panicked: " + p));
        String dmesg = guest.dmesg();
        String since = dmesg.substring(Math.min(mark, dmesg.length()));
        var m = PROBLEM.matcher(since);
        while (m.find()) {
            int end = since.indexOf('\n', m.start());
            String line = since.substring(m.start(), end < 0 ? since.length() : end);
            if (line.startsWith("panic: ") && !out.isEmpty()) {
                continue; // said already
            }
            out.add("the kernel reported: " + line);
        }
        if (!out.isEmpty()) {
            out.add("kernel messages since the test began:\n" + since);
        }
        return out;
    }
}
