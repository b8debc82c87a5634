package dev.ferry.app;

import dev.ferry.engine.ImageTask;
import dev.ferry.oci.Platform;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.util.List;

/** {@code copy}: one image from a place to a place. */
final class CopyJobs {
    private final SessionContext ctx;
    private final Places places;
    private final Targets targets;

    CopyJobs(SessionContext ctx, Places places, Targets targets) {
        this.ctx = ctx;
        this.places = places;
        this.targets = targets;
    }

    Job copy(CopyRequest req, JobSubscriber first) throws IOException {
        ImageLocation src = ctx.parse(req.source());
        ImageLocation dst = ctx.parse(req.target());
        PendingJob p = ctx.jobs.prepare(JobKind.COPY, "copy " + req.source() + " -> " + req.target(), first);
        Place from = places.of(src);
        String[] image = {req.source()};
        dev.ferry.registry.CallScope scope = p.scopeFor(() -> image[0]);
        Place.Opened in = from.source(src, scope);
        image[0] = in.name();
        Place.Opened out;
        try {
            out = places.of(dst).sink(dst, src, places, scope);
        } catch (IOException | RuntimeException e) {
            SessionContext.closeQuietly(in.source());
            throw e;
        }
        List<Platform> platforms = req.platforms();
        if (DaemonPlace.isDocker(dst)) platforms = List.of(targets.dockerPlatform(platforms));
        JobCache cache = ctx.jobCache(req.cache(), req.dryRun(), "copy", p.listener());
        ImageSource s = from.cached() ? cache.wrap(in.source()) : in.source();
        if (req.reshape() != null) {
            s = new ReshapedSource(s, req.reshape(), platforms.isEmpty() ? null : platforms.get(0));
            platforms = List.of();
        }
        ImageSource read = s;
        ImageTask task = new ImageTask(in.name(), read, in.reference(), out.sink(), out.tag(), in.name(), out.name(), platforms)
                .withReferrers(req.referrers() && req.reshape() == null); // a daemon keeps none: the engine says what it left behind // a reshaped image has new digests: nothing refers to them
        return ctx.jobs.start(p, List.of(task), dst instanceof ImageLocation.Daemon ? 1 : req.parallel(), req.retries(), req.dryRun(), () -> {
            SessionContext.closeQuietly(read);
            SessionContext.closeQuietly(in.source());
            SessionContext.closeQuietly(out.sink());
            cache.close();
        });
    }
}
