package org.kld86.kernel.kld.rt;

/**
 * The bridge from a module's generated {@code Safepoint} class to its kernel's {@link Ticker}: each module class
 * loader knows the ticker of the kernel that loaded it. Module code cannot name this class (the linker rejects
 * it); only the code the linker generates calls it, once per class loader, to fill a static final field.
 */
public final class KldRuntime {

    /** Implemented by the module class loader. */
    public interface TickerSource {
        Ticker ticker();
    }

    private KldRuntime() {
    }

    /** The ticker of the kernel that loaded {@code safepointClass}. */
    public static Ticker tickerFor(Class<?> safepointClass) {
        ClassLoader l = safepointClass.getClassLoader();
        if (l instanceof TickerSource s) {
            return s.ticker();
        }
        throw new IllegalStateException("kld: " + safepointClass + " was not loaded by a module class loader");
    }
}
