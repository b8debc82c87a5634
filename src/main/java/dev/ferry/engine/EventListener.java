package dev.ferry.engine;

/** Receives the engine's events, from worker threads: keep it quick and thread-safe. */
@FunctionalInterface
public interface EventListener {
    EventListener NONE = e -> {};

    void on(Event event);
}
