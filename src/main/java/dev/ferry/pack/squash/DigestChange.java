package dev.ferry.pack.squash;

import dev.ferry.oci.Digest;

/** An image whose top manifest gets a new digest on load, because some of its layers could not be compressed back to their original bytes. */
public record DigestChange(String image, Digest from, Digest to, int layers) {}
