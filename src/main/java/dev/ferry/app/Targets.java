package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.daemon.ContainerdSink;
import dev.ferry.daemon.DockerSink;
import dev.ferry.oci.Platform;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryImageSink;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.util.List;

/** The sinks of batch jobs: a registry repository, or a load into docker or containerd. */
final class Targets {
    private final SessionContext ctx;

    Targets(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** The sink for one image at a target; its requests run in {@code scope}. */
    ImageSink sink(Batch.Endpoint to, ImageReference target, List<Platform> platforms, CallScope scope) throws IOException {
        if (!to.isDaemon()) return new RegistryImageSink(ctx.client(target.registry(), target.repository(), scope), target.repository());
        if (to.daemon().equals("docker")) return new DockerSink(ctx.dockerDaemon(), target.name(), dockerPlatform(platforms));
        return new ContainerdSink(ctx.env, target.name(), ContainerdSink.Settings.defaults().withNamespace(to.namespace()));
    }

    /** docker holds one platform per name: the one asked for, else the daemon's own. */
    Platform dockerPlatform(List<Platform> platforms) throws IOException {
        if (platforms.size() > 1) throw new BadInputException(Text.of("location.docker_one_platform"));
        return platforms.isEmpty() ? ctx.dockerDaemon().platform() : platforms.get(0);
    }

    /** The platforms to move for a target: docker's one, or what was asked. */
    List<Platform> platformsFor(Batch.Endpoint to, List<Platform> asked) throws IOException {
        return to.isDaemon() && to.daemon().equals("docker") ? List.of(dockerPlatform(asked)) : asked;
    }
}
