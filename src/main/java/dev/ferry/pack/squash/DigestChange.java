package dev.ferry.pack.squash;

import dev.ferry.oci.Digest;

/**
 * An image whose top manifest gets a new digest on load: some of its layers could not be
 * compressed back to their original bytes ({@code asTars}: they are pushed as uncompressed tars,
 * as image-transmit's squashfs packs are loaded).
 */
public record DigestChange(String image, Digest from, Digest to, int layers, boolean asTars) {
    public DigestChange(String image, Digest from, Digest to, int layers) {
        this(image, from, to, layers, false);
    }
}
