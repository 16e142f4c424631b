package org.kld86.emulator;

/** A machine configuration the machine cannot be built from; the message says what is wrong and what is allowed. */
public final class MachineConfigException extends IllegalArgumentException {

    public MachineConfigException(String message) {
        super(message);
    }
}
