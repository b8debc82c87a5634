package dev.ferry.engine;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Referrer;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What refers to one image ({@code --referrers}) and what of it the target lacks: found from the image's digest
 * through the source's referrers (OCI 1.1 referrers, cosign's tags), then the referrers of those, breadth first,
 * at most {@link #MAX_DEPTH} levels and {@link #MAX_REFERRERS} in all. Each missing one is resolved eagerly — its
 * manifest (and, for an index, its children) read and verified — so its blobs join the image's and its manifests are
 * written after the image's, subjects before the manifests that refer to them.
 *
 * @param missing  the referrers to write, in the order to write them
 * @param existing how many the target has already
 * @param blobs    the blobs the missing ones need
 */
record ReferrerPlan(List<Item> missing, int existing, Set<Descriptor> blobs) {
    static final int MAX_DEPTH = 3;
    static final int MAX_REFERRERS = 64;
    static final ReferrerPlan NONE = new ReferrerPlan(List.of(), 0, Set.of());

    /** One referrer to write: its children first (when it is an index), then itself. */
    record Item(Referrer referrer, Manifest manifest, List<Manifest> children) {}

    /** Finds the referrers of {@code subject} for {@code t}, and which of them its sink lacks. */
    static ReferrerPlan of(ImageTask t, Digest subject) throws IOException {
        List<Item> missing = new ArrayList<>();
        java.util.Map<Digest, Descriptor> blobs = new java.util.LinkedHashMap<>(); // by digest: one blob once, whatever its media type
        Set<Digest> seen = new HashSet<>();
        seen.add(subject);
        int existing = 0;
        record Subject(Digest digest, int depth) {}
        Deque<Subject> todo = new ArrayDeque<>();
        todo.add(new Subject(subject, 1));
        int found = 0;
        while (!todo.isEmpty()) {
            Subject s = todo.poll();
            for (Referrer r : t.source().referrers(s.digest())) {
                if (!seen.add(r.digest())) continue;
                if (++found > MAX_REFERRERS) return new ReferrerPlan(List.copyOf(missing), existing, new LinkedHashSet<>(blobs.values()));
                if (t.sink().hasReferrer(r)) {
                    existing++;
                } else {
                    Manifest m = t.source().manifest(r.manifest());
                    if (!m.digest().equals(r.digest())) {
                        throw new LocalizedIOException(Text.of("engine.child_digest", t.sourceName(), r.digest().shortForm()));
                    }
                    List<Manifest> children = new ArrayList<>();
                    if (m instanceof ImageIndex index) {
                        for (Descriptor d : index.manifests()) {
                            Manifest c = t.source().manifest(d);
                            if (c instanceof ImageManifest im) for (Descriptor b : blobsOf(im)) blobs.putIfAbsent(b.digest(), b);
                            children.add(c);
                        }
                    } else {
                        for (Descriptor b : blobsOf((ImageManifest) m)) blobs.putIfAbsent(b.digest(), b);
                    }
                    String type = r.artifactType() != null ? r.artifactType() : m.effectiveArtifactType();
                    missing.add(new Item(new Referrer(r.manifest(), type, r.tag()), m, List.copyOf(children)));
                }
                if (s.depth() < MAX_DEPTH) todo.add(new Subject(r.digest(), s.depth() + 1));
            }
        }
        return new ReferrerPlan(List.copyOf(missing), existing, new LinkedHashSet<>(blobs.values()));
    }

    private static List<Descriptor> blobsOf(ImageManifest m) {
        return m.blobs().stream().filter(d -> !d.isForeign()).toList();
    }

}
