/**
 * The input formats, read into immutable, validated settings: cfg.yaml ({@link dev.ferry.config.ConfigLoader},
 * {@link dev.ferry.config.FerryConfig}), image lists ({@link dev.ferry.config.ImageList}) and how a
 * list entry maps onto a source and a target registry ({@link dev.ferry.config.ImageMapper}).
 *
 * <p>Every problem with an input is a {@link dev.ferry.config.ConfigException} saying
 * {@code FILE:LINE:COLUMN: what is wrong; what is expected}. Uses {@code dev.ferry.ref} and
 * SnakeYAML's node API, nothing else of ferry's.
 */
package dev.ferry.config;
