package dev.ferry.app;

import dev.ferry.config.TransferRules;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.CallScope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * image-transfer's rules to planned images: a tag-level rule is its tags, a repository-level rule
 * every tag the source repository lists now (the one request this takes); each target's registry is
 * the rule's own.
 */
final class RulePlans {
    private final SessionContext ctx;

    RulePlans(SessionContext ctx) {
        this.ctx = ctx;
    }

    List<Batch.Planned> plan(List<TransferRules.Resolved> rules) throws IOException {
        List<Batch.Planned> out = new ArrayList<>();
        for (TransferRules.Resolved r : rules) {
            ImageReference repo = ImageReference.parse(r.source());
            List<String> tags = r.wholeRepository() ? ctx.client(repo.registry(), repo.repository(), CallScope.detached()).tags(repo.repository()) : r.sourceTags();
            ImageReference target = ImageReference.parse(r.target());
            Batch.Endpoint to = new Batch.Endpoint(target.registry(), target.registry(), null);
            for (String tag : tags) {
                String t = r.targetTag() != null ? r.targetTag() : tag;
                out.add(new Batch.Planned(r.rule().line(), r.rule().toString(), repo.withTag(tag), target.withTag(t), to));
            }
        }
        return out;
    }
}
