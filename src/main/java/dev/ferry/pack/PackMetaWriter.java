package dev.ferry.pack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ferry.pack.PackMeta.Blob;
import dev.ferry.pack.PackMeta.DataFile;
import dev.ferry.pack.PackMeta.Image;
import dev.ferry.pack.PackMeta.ManifestEntry;
import dev.ferry.pack.PackMeta.Parent;
import dev.ferry.pack.PackMeta.ReferrerEntry;
import dev.ferry.pack.PackMeta.Squashed;

/** A {@link PackMeta} as the YAML text of its meta file ({@code docs/pack-format.md}); {@link PackMetaReader} reads it back. */
final class PackMetaWriter {
    private PackMetaWriter() {}

    private static ObjectMapper yaml() {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build();
        return new ObjectMapper(f);
    }

    /** The YAML text, with a comment header for the person who opens it. */
    static String toYaml(PackMeta meta) {
        ObjectMapper m = yaml();
        ObjectNode root = m.createObjectNode();
        root.put("format", PackMeta.FORMAT);
        root.put("version", meta.version());
        root.put("tool", meta.tool());
        root.put("created", meta.created());
        root.put("kind", meta.kind());
        root.put("compression", meta.compression());
        root.put("source", meta.source());
        ArrayNode ps = root.putArray("parents");
        for (Parent p : meta.parents()) ps.addObject().put("meta", p.meta()).put("sha256", p.sha256());
        ArrayNode ds = root.putArray("datafiles");
        for (DataFile d : meta.datafiles()) ds.addObject().put("name", d.name()).put("size", d.size()).put("sha256", d.sha256());
        ArrayNode is = root.putArray("images");
        for (Image i : meta.images()) {
            ObjectNode o = is.addObject();
            o.put("source", i.source());
            o.put("target", i.target());
            o.put("digest", i.digest().toString());
            o.put("mediaType", i.mediaType());
            i.platforms().forEach(o.putArray("platforms")::add);
            ArrayNode ms = o.putArray("manifests");
            for (ManifestEntry me : i.manifests()) {
                ms.addObject().put("digest", me.digest().toString()).put("mediaType", me.mediaType()).put("raw", me.raw());
            }
            if (!i.referrers().isEmpty()) {
                ArrayNode rs = o.putArray("referrers");
                for (ReferrerEntry re : i.referrers()) {
                    ObjectNode ro = rs.addObject().put("digest", re.digest().toString()).put("mediaType", re.mediaType());
                    if (re.tag() != null) ro.put("tag", re.tag());
                    ro.put("raw", re.raw());
                }
            }
        }
        ArrayNode bs = root.putArray("blobs");
        for (Blob b : meta.blobs()) {
            ObjectNode o = bs.addObject();
            o.put("digest", b.digest().toString());
            o.put("size", b.size());
            if (b.mediaType() != null) o.put("mediaType", b.mediaType());
            if (b.inParent()) o.put("parent", b.parent());
            else o.put("file", b.file()).put("offset", b.offset()).put("length", b.length());
            Squashed q = b.squash();
            if (q != null && !b.inParent()) {
                o.put("stored", q.stored());
                if (q.recipe()) o.put("diffId", q.diffId().toString()).put("tarSize", q.tarSize());
                if (q.gzipHeader() != null) o.put("gzipLevel", q.gzipLevel()).put("gzipHeader", java.util.Base64.getEncoder().encodeToString(q.gzipHeader()));
                if (q.gzipHeader() != null && !Squashed.ZLIB.equals(q.gzipCompressor())) o.put("gzipCompressor", q.gzipCompressor());
            }
        }
        try {
            return "# ferry pack: the images and blobs of this pack and the data files that hold them.\n"
                    + "# Load it with: ferry load THIS_FILE --to REGISTRY   (format: docs/pack-format.md)\n"
                    + m.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
