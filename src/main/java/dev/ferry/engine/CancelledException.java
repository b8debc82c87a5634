package dev.ferry.engine;

/** Thrown inside the engine when its job was cancelled: the work stops and nothing more is written. */
final class CancelledException extends Exception {
    CancelledException() {
        super("cancelled");
    }
}
