package org.kld86.kernel.kld;

import org.objectweb.asm.tree.ClassNode;

/** One check the linker makes of every class of a module before anything of it runs. */
interface LinkRule {

    void check(ClassNode cls, ClassIndex index, LinkProblems problems);
}
