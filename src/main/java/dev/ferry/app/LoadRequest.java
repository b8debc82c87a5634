package dev.ferry.app;

import java.nio.file.Path;

/**
 * {@code ferry load}: a pack into a registry.
 *
 * @param renames {@code old -> new} lines (old: the image's name in the pack or its source reference)
 */
public record LoadRequest(Path meta, String to, String renames, int parallel, int retries) {}
