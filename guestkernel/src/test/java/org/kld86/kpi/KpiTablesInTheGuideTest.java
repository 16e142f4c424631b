package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tripwire for the tables of docs/DRIVER-GUIDE.md, "The KPI at a glance": every call a row names is a public
 * member of a class in that row, and every public class of the KPI is in some row, so that the tables and the
 * exported symbols stay in agreement as either changes.
 */
class KpiTablesInTheGuideTest {

    static final Path GUIDE = Path.of("..", "docs", "DRIVER-GUIDE.md");
    static final Path KPI_SOURCES = Path.of("src", "main", "java", "org", "kld86", "kpi");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One table row: the classes of its second column and the names of its third. */
    record Row(String text, List<String> classes, List<String> names) {
    }

    static List<Row> rows;

    @BeforeAll
    static void readTheTables() throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf("## 8. The KPI at a glance");
        int end = guide.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "the guide has no section 8");
        rows = new ArrayList<>();
        List<String> classes = List.of();
        for (String line : guide.substring(start, end).lines().toList()) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("| ") || cells.length < 4 || cells[1].strip().equals("group")) {
                continue;
            }
            if (!cells[2].isBlank()) {
                classes = codes(cells[2]);
            } else if (!cells[1].isBlank()) {
                continue; // a group without a class of its own (FreeBSD's /proc and sysctl): prose only
            }
            rows.add(new Row(line, classes, codes(cells[3])));
        }
        assertTrue(rows.size() > 20, "the tables were not found: " + rows.size() + " rows");
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The member names a table entry stands for: {@code bus_read_1/2/4} is three, {@code Struct.at} is {@code at}
     * of Struct, {@code mod.name()} is {@code name}, {@code UID_*} is any name starting UID_.
     */
    static List<String> expand(String entry) {
        String e = entry.replaceAll("\\(.*\\)", "").strip();
        e = e.substring(e.lastIndexOf('.') + 1);
        if (e.isEmpty()) {
            return List.of();
        }
        int slash = e.indexOf('/');
        if (slash < 0) {
            return List.of(e);
        }
        // read8/16/32, bus_read_1/2/4, readb/w/l: the first is whole, the others replace its number or last letters.
        String[] parts = e.split("/");
        List<String> out = new ArrayList<>(List.of(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            boolean digits = parts[i].chars().allMatch(Character::isDigit);
            String stem = digits ? parts[0].replaceAll("\\d+$", "")
                    : parts[0].substring(0, parts[0].length() - parts[i].length());
            out.add(stem + parts[i]);
        }
        return out;
    }

    private static Class<?> kpiClass(String simpleName) {
        try {
            return Class.forName("org.kld86.kpi." + simpleName, false, KpiTablesInTheGuideTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the guide names class " + simpleName + ", which the KPI does not have");
        }
    }

    private static boolean exported(Class<?> c, String name) {
        List<Member> members = new ArrayList<>();
        members.addAll(List.of(c.getFields()));
        members.addAll(List.of(c.getMethods()));
        for (Member m : members) {
            boolean matches = name.endsWith("*") ? m.getName().startsWith(name.substring(0, name.length() - 1))
                    : m.getName().equals(name);
            if (matches && Modifier.isPublic(m.getModifiers())
                    && (m instanceof Field || ((Method) m).getDeclaringClass() != Object.class)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyCallATableNamesIsExportedByAClassOfItsRow() {
        List<String> missing = new ArrayList<>();
        for (Row r : rows) {
            List<Class<?>> classes = r.classes().stream().<Class<?>>map(KpiTablesInTheGuideTest::kpiClass).toList();
            for (String entry : r.names()) {
                if (entry.startsWith("@")) {
                    // An annotation as it is written (@Field(n)): one of the row's classes.
                    String annotation = entry.substring(1).replaceAll("\\(.*", "");
                    if (classes.stream().noneMatch(c -> c.getSimpleName().equals(annotation) && c.isAnnotation())) {
                        missing.add(entry + " (" + String.join(", ", r.classes()) + ")");
                    }
                    continue;
                }
                for (String name : expand(entry)) {
                    if (name.equals("...") || name.isEmpty()) {
                        continue;
                    }
                    if (classes.stream().noneMatch(c -> exported(c, name))) {
                        missing.add(name + " (" + String.join(", ", r.classes()) + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "names in the guide's KPI tables that their row's classes do not export");
    }

    @Test
    void everyPublicClassOfTheKpiIsInATable() throws IOException {
        Set<String> inTables = new TreeSet<>();
        rows.forEach(r -> inTables.addAll(r.classes()));
        Set<String> kpi = new TreeSet<>();
        try (Stream<Path> files = Files.list(KPI_SOURCES)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (Modifier.isPublic(kpiClass(name).getModifiers())) {
                    kpi.add(name);
                }
            }
        }
        kpi.removeAll(inTables);
        assertEquals(Set.of(), kpi, "KPI classes that the guide's tables leave out");
    }

    @Test
    void anEntryStandsForTheNamesItAbbreviates() {
        assertEquals(List.of("bus_read_1", "bus_read_2", "bus_read_4"), expand("bus_read_1/2/4"));
        assertEquals(List.of("readb", "readw", "readl"), expand("readb/w/l"));
        assertEquals(List.of("read8", "read16", "read32"), expand("read8/16/32"));
        assertEquals(List.of("at"), expand("Struct.at"));
        assertEquals(List.of("name"), expand("mod.name()"));
        assertEquals(List.of("bus_alloc_resource_any"), expand("bus_alloc_resource_any(dev, SYS_RES_IRQ, rid, RF_ACTIVE)"));
        assertTrue(exported(Conf.class, "UID_*"));
        assertTrue(!exported(Conf.class, "kmalloc"));
    }
}
