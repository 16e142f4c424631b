package org.kld86.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Namei;
import org.kld86.kernel.vfs.VType;
import org.kld86.kernel.vfs.Vfs;

/**
 * The launcher's hands in the guest's file system: it copies a host script into /tmp, installs extra programs in
 * /bin, and lists directories for completion. Completion runs on the host's line-editor thread while the guest may
 * be changing the tree, so a listing that collides with a change gives no candidates rather than an exception.
 */
final class VfsGuestFiles implements GuestFiles {

    private final Kernel kernel;

    VfsGuestFiles(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void install(String path, byte[] data) {
        int error = kernel.vfs().writeFile(path, data, 0644);
        if (error != 0) {
            throw new IllegalStateException("cannot write " + path + ": error " + error);
        }
    }

    /** Makes /bin/{@code name} run the program class {@code className}. */
    void installProgram(String name, String className) {
        byte[] image = (ProcTable.PROGRAM_MAGIC + className + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int error = kernel.vfs().writeFile("/bin/" + name, image, 0555);
        if (error != 0) {
            throw new IllegalStateException("cannot install /bin/" + name + ": error " + error);
        }
    }

    @Override
    public List<String> list(String dir) {
        try {
            Vfs vfs = kernel.vfs();
            Namei.Result r = Namei.lookup(vfs.root(), vfs.root(), Ucred.root(), dir, Namei.Op.LOOKUP);
            if (!r.ok() || r.vp().type() != VType.VDIR) {
                return List.of();
            }
            List<String> names = new ArrayList<>(r.vp().names());
            names.sort(null);
            return names;
        } catch (RuntimeException e) {
            return List.of(); // the guest changed the directory while it was read
        }
    }
}
