package org.kld86.bench;

import org.kld86.kernel.KernelOptions;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link AllocBench} on the default INVARIANTS kernel: malloc(9)'s zones junk every free item with 0xdeadc0de
 * and check the junk at the next allocation, and UMA tracks every item handed out, so a use after free or a
 * double free is caught; this is what that costs.
 */
@State(Scope.Thread)
public class AllocBenchInvariants extends AllocBench {

    @Override
    KernelOptions options() {
        return KernelOptions.defaults();
    }
}
