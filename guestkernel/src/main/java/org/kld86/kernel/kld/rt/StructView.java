package org.kld86.kernel.kld.rt;

/**
 * What every generated struct view implements: the guest address it stands for. It lives in the kld runtime
 * package because the views are defined under a module's class loader, which sees only the KPI and this package.
 */
public interface StructView {

    long structAddress();
}
