package dev.ferry.registry;

import dev.ferry.oci.Digest;

/** What a HEAD on a manifest tells: its digest, media type and size. */
public record ManifestHead(Digest digest, String mediaType, long size) {}
