package org.kld86.kpi;

/**
 * {@code struct proc_dir_entry *}: a handle for an entry made by {@link LinuxProc}, to give as the parent of
 * further entries or to remove. Drivers do not look inside it.
 */
public final class ProcDirEntry {

    final org.kld86.kernel.procfs.ProcEntry pde;

    ProcDirEntry(org.kld86.kernel.procfs.ProcEntry pde) {
        this.pde = pde;
    }

    @Override
    public String toString() {
        return "proc_dir_entry " + pde.name();
    }
}
