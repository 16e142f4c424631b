package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** sha256(1): FIPS 180-2's test vectors in the md5(1) family's output formats. */
class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void standardInputPrintsTheBareDigest() {
        assertEquals(ABC + "\n", guest.runTyped(Ucred.root(), List.of("abc"), "sha256").out());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
                guest.runTyped(Ucred.root(), List.of(), "sha256").out());
    }

    @Test
    void aStringIsLabelledInQuotes() {
        assertEquals("SHA256 (\"abc\") = " + ABC + "\n", guest.run("sha256", "-s", "abc").out());
        assertEquals(ABC + "\n", guest.run("sha256", "-q", "-s", "abc").out());
        assertEquals(ABC + " \"abc\"\n", guest.run("sha256", "-r", "-s", "abc").out());
    }

    @Test
    void theTwoBlockVector() {
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1\n",
                guest.run("sha256", "-q", "-s", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").out());
    }

    @Test
    void aFileIsNamedInTheLine() {
        guest.files.put("/abc", "abc");
        assertEquals("SHA256 (/abc) = " + ABC + "\n", guest.run("sha256", "/abc").out());
        Guest.Run r = guest.run("sha256", "/nosuch", "/abc");
        assertEquals("sha256: /nosuch: No such file or directory\nSHA256 (/abc) = " + ABC + "\n", r.all());
        assertEquals(1, r.exitCode());
    }
}
