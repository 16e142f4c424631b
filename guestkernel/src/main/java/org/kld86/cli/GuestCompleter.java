package org.kld86.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completion for the interactive console: command names (what is in /bin) for the first word, module names
 * (the .ko files of the module folders, without .ko) after kldload and kldunload, and /dev paths for a word that
 * starts with /dev/.
 */
final class GuestCompleter implements Completer {

    private final GuestFiles files;
    private final List<Path> moduleDirs;

    GuestCompleter(GuestFiles files, List<Path> moduleDirs) {
        this.files = files;
        this.moduleDirs = List.copyOf(moduleDirs);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word();
        if (word.startsWith("/dev")) {
            for (String n : files.list("/dev")) {
                candidates.add(new Candidate("/dev/" + n));
            }
            return;
        }
        if (line.wordIndex() == 0) {
            for (String n : files.list("/bin")) {
                candidates.add(new Candidate(n));
            }
            return;
        }
        String first = line.words().get(0);
        if (first.equals("kldload") || first.equals("kldunload")) {
            for (String m : moduleNames()) {
                candidates.add(new Candidate(m));
            }
        }
    }

    /** The module names on the module path: each .ko file's name without the extension. */
    TreeSet<String> moduleNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Path d : moduleDirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ko"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 3)));
            } catch (IOException e) {
                // a folder that went away has no modules
            }
        }
        return names;
    }
}
