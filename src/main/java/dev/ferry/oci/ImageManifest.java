package dev.ferry.oci;

import java.util.ArrayList;
import java.util.List;

/** A single-platform image manifest (OCI or Docker v2 schema 2): a config blob and layers. */
public final class ImageManifest extends Manifest {
    private final Descriptor config;
    private final List<Descriptor> layers;

    ImageManifest(byte[] raw, String mediaType, com.fasterxml.jackson.databind.JsonNode root, Descriptor config, List<Descriptor> layers) {
        super(raw, mediaType, root);
        this.config = config;
        this.layers = layers;
    }

    public Descriptor config() { return config; }

    public List<Descriptor> layers() { return layers; }

    /** The config first, then the layers: every blob the image needs. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }

    /** Compressed size of config and layers. */
    public long totalSize() {
        return blobs().stream().mapToLong(Descriptor::size).sum();
    }
}
