package org.kld86.kernel.kld;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of a .ko (a jar), in the order they appear, with the offset of each entry in the file so that
 * messages can give a guest address inside the loaded image. Resources and the manifest are ignored.
 */
final class JarImage {

    /** Refusal to read: the file is not a jar, or holds no class. */
    static final class NotAJar extends Exception {
        NotAJar(String why) {
            super(why);
        }
    }

    final Map<String, byte[]> classes = new LinkedHashMap<>();
    final Map<String, Long> offsets = new LinkedHashMap<>();

    static final int MAX_CLASS_BYTES = 16 << 20;

    JarImage(byte[] file) throws NotAJar {
        if (file.length < 4 || file[0] != 'P' || file[1] != 'K') {
            throw new NotAJar("not a jar (no zip signature)");
        }
        CountingStream counting = new CountingStream(file);
        try (ZipInputStream zip = new ZipInputStream(counting)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                long offset = counting.position();
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".class") || name.startsWith("META-INF/")) {
                    continue;
                }
                if (name.equals("module-info.class")) {
                    continue;
                }
                byte[] bytes = zip.readNBytes(MAX_CLASS_BYTES + 1);
                if (bytes.length > MAX_CLASS_BYTES) {
                    throw new NotAJar(name + " is larger than " + MAX_CLASS_BYTES + " bytes");
                }
                String internal = name.substring(0, name.length() - ".class".length());
                classes.put(internal, bytes);
                offsets.put(internal, offset);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new NotAJar("not a readable jar: " + e.getMessage());
        }
        if (classes.isEmpty()) {
            throw new NotAJar("the jar holds no class");
        }
    }

    /** Tracks how far into the file the zip reader is, for entry offsets. */
    private static final class CountingStream extends ByteArrayInputStream {
        CountingStream(byte[] buf) {
            super(buf);
        }

        long position() {
            return pos;
        }
    }
}
