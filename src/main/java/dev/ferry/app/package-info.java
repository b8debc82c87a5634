/**
 * The one API every face of ferry uses: a {@link dev.ferry.app.Session} that lives as long as the
 * program and starts {@link dev.ferry.app.Job}s (copy, sync, save, load, check) that can be
 * watched by any number of subscribers and cancelled at any time. Wires configuration, registry
 * connections, packs, daemons and the cache to the engine; holds no presentation. See
 * {@code docs/session.md}.
 */
package dev.ferry.app;
