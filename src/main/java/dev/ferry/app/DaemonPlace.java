package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.CallScope;

import java.io.IOException;
import java.util.List;

/** The local docker daemon or containerd: {@code docker[:REF]}, {@code containerd[:REF]}; targets only. */
final class DaemonPlace implements Place {
    private final SessionContext ctx;
    private final Targets targets;

    DaemonPlace(SessionContext ctx, Targets targets) {
        this.ctx = ctx;
        this.targets = targets;
    }

    @Override public boolean accepts(ImageLocation location) {
        return location instanceof ImageLocation.Daemon;
    }

    @Override public Opened source(ImageLocation location, CallScope scope) {
        ImageLocation.Daemon d = (ImageLocation.Daemon) location;
        throw new BadInputException(Text.of("location.daemon_target_only", d.text(), d.kind()));
    }

    @Override public Opened sink(ImageLocation location, ImageLocation source, Places places, CallScope scope) throws IOException {
        ImageLocation.Daemon d = (ImageLocation.Daemon) location;
        ImageReference name = d.reference();
        if (name == null) {
            if (!(source instanceof ImageLocation.Registry r)) throw new BadInputException(Text.of("location.daemon_name", d.kind()));
            name = Endpoints.daemonName(r.reference(), null);
        } else if (!d.explicitTag()) {
            String st = places.sourceTag(source);
            name = name.withTag(st == null ? "latest" : st);
        }
        Batch.Endpoint to = d.kind().equals("docker") ? new Batch.Endpoint("docker", null, null, "docker", null)
                : new Batch.Endpoint("containerd", null, null, "containerd", ctx.env.get("CONTAINERD_NAMESPACE"));
        return Opened.sink(d.kind() + ":" + name, targets.sink(to, name, List.of(), scope), name.tag().orElse("latest"));
    }

    /** docker holds one platform per name. */
    static boolean isDocker(ImageLocation location) {
        return location instanceof ImageLocation.Daemon d && d.kind().equals("docker");
    }
}
