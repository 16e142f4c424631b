package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of LDD3's /proc/scullpmem and /proc/scullvmem, read back into its devices. Every line must have the
 * exact form the drivers print (KERNEL-SEMANTICS 6.2), with Linux 2.6's {@code %p} of eight lowercase hex digits
 * and no "0x":
 *
 * <pre>
 * "\nDevice %i: qset %i, order %i, sz %li\n"     a device
 * "  item at %p, qset at %p\n"                   each item of its list
 * "    % 4i:%8p\n"                               each quantum of the last item
 * </pre>
 */
record ScullMem(List<Device> devices) {

    /** One device: its list items (address, quantum set address) and the quanta of its last item by index. */
    record Device(int index, int qset, int order, long size, List<long[]> items, TreeMap<Integer, Long> quanta) {
    }

    private static final Pattern DEVICE = Pattern.compile("Device (\\d+): qset (\\d+), order (\\d+), sz (\\d+)");
    private static final Pattern ITEM = Pattern.compile("  item at ([0-9a-f]{8}), qset at ([0-9a-f]{8})");
    private static final Pattern QUANTUM = Pattern.compile("    ([ \\d]{3}\\d):([0-9a-f]{8})");

    static ScullMem parse(String text) {
        List<Device> devices = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        assertTrue(text.startsWith("\n") && text.endsWith("\n"), "each device starts with a blank line: " + text);
        Device d = null;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                Matcher m = DEVICE.matcher(lines[++i]);
                if (!m.matches()) {
                    fail("not a device line: '" + lines[i] + "'");
                }
                d = new Device(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)), new ArrayList<>(), new TreeMap<>());
                devices.add(d);
                continue;
            }
            Matcher item = ITEM.matcher(line);
            Matcher quantum = QUANTUM.matcher(line);
            if (d != null && item.matches()) {
                d.items().add(new long[] {Long.parseLong(item.group(1), 16), Long.parseLong(item.group(2), 16)});
            } else if (d != null && quantum.matches()) {
                d.quanta().put(Integer.parseInt(quantum.group(1).trim()), Long.parseLong(quantum.group(2), 16));
            } else {
                fail("not a /proc/scull*mem line: '" + line + "'");
            }
        }
        return new ScullMem(devices);
    }

    Device device(int i) {
        return devices.get(i);
    }
}
