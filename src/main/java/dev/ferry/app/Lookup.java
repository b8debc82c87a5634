package dev.ferry.app;

import dev.ferry.oci.Digest;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryImageSource;
import dev.ferry.registry.RetryListener;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Quick looks at registries that someone may want to stop: a watch round's tag lists and digest
 * checks. {@link #cancel()} aborts the requests in flight (their sockets too) and fails every
 * later one at once; a new round takes a new lookup.
 */
public final class Lookup {
    private final SessionContext ctx;
    private final CallScope scope = CallScope.create(RetryListener.NONE);

    Lookup(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** The tags of {@code repository}'s repository (its tag and digest are ignored). */
    public List<String> tags(ImageReference repository) throws IOException {
        return ctx.client(repository.registry(), repository.repository(), scope).tags(repository.repository());
    }

    /** The digest {@code image} has now (a HEAD), or empty when the registry does not have it. */
    public Optional<Digest> digest(ImageReference image) throws IOException {
        return new RegistryImageSource(ctx.client(image.registry(), image.repository(), scope), image.repository()).digestOf(image.reference());
    }

    public void cancel() {
        scope.cancel();
    }

    public boolean isCancelled() {
        return scope.isCancelled();
    }
}
