package dev.ferry.engine;

import java.util.function.BooleanSupplier;

/**
 * Connection slots a blob transfer takes at its source and target before it starts, shared by
 * every job of a session, so that several jobs together stay within each registry's limit.
 */
@FunctionalInterface
public interface TransferSlots {
    /** No limit. */
    TransferSlots NONE = (task, cancelled) -> () -> { };

    /**
     * Waits for the slots {@code task}'s transfers need, unless {@code cancelled} says the job is over.
     *
     * @throws InterruptedException when cancelled or interrupted while waiting (nothing is held then)
     */
    Lease take(ImageTask task, BooleanSupplier cancelled) throws InterruptedException;

    /** Slots held; closed on the thread that took them. */
    interface Lease extends AutoCloseable {
        @Override void close();
    }
}
