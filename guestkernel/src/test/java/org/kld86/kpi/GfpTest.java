package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A tripwire: the KPI's GFP constants are the kernel's, name for name and value for value. */
class GfpTest {

    private static Map<String, Integer> constants(Class<?> c) throws IllegalAccessException {
        Map<String, Integer> m = new TreeMap<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                m.put(f.getName(), f.getInt(null));
            }
        }
        return m;
    }

    @Test
    void everyKernelGfpConstantIsExportedWithItsValue() throws IllegalAccessException {
        assertEquals(constants(org.kld86.kernel.linux.Gfp.class), constants(Gfp.class));
        assertEquals(0xd0, Gfp.GFP_KERNEL, "Linux 3.10's GFP_KERNEL");
        assertEquals(0x20, Gfp.GFP_ATOMIC);
    }
}
