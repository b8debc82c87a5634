package dev.ferry.notify;

/**
 * One notification, already in the reader's language: a title and markdown text for chat robots,
 * and a JSON document for webhooks.
 *
 * @param event what it is about: {@code round}, {@code outage}, {@code recovered}, {@code sync}, {@code save}, {@code load}, {@code test}
 */
public record Notice(String event, String title, String markdown, String json) {}
