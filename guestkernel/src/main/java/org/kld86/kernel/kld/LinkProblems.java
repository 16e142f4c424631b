package org.kld86.kernel.kld;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the link of one file found wrong: undefined symbols (printed as FreeBSD's link_elf prints them, each
 * once, in the order met) and a file-level reason the file is no kernel module at all.
 */
final class LinkProblems {

    private final Set<String> undefined = new LinkedHashSet<>();
    private final List<String> unsupported = new ArrayList<>();

    void undefined(String symbol) {
        undefined.add(symbol);
    }

    /** The file cannot be linked at all (bad class file version, malformed class). */
    void unsupported(String why) {
        unsupported.add(why);
    }

    Set<String> undefinedSymbols() {
        return undefined;
    }

    List<String> unsupportedReasons() {
        return unsupported;
    }

    boolean any() {
        return !undefined.isEmpty() || !unsupported.isEmpty();
    }
}
