package org.kld86.emulator.cpu;

/**
 * A processor exception that no handler took: with no trap handler installed for its vector, the machine
 * cannot go on with the faulting access and hands the exception to the host caller instead.
 *
 * <p>Once a kernel has installed its trap handlers, it sees every exception through them and this reaches
 * the host only if a handler asks for it by returning without resolving a fault again and again.
 */
public class CpuException extends RuntimeException {

    private final int vector;
    private final int errorCode;

    public CpuException(int vector, int errorCode, String message) {
        super(message);
        this.vector = vector;
        this.errorCode = errorCode;
    }

    public int vector() {
        return vector;
    }

    public int errorCode() {
        return errorCode;
    }
}
