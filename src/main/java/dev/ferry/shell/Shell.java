package dev.ferry.shell;

import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.cli.CliContext;
import org.jline.reader.LineReader;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * One shell: the session every command and job of it runs in, where the person is and what they set, the jobs sent
 * to the background, the completion cache, and (when there is a person at a terminal) the line reader.
 */
final class Shell implements AutoCloseable {
    final Session session;
    final Map<String, String> env;
    final ShellState state = new ShellState();
    final BackgroundJobs background;
    final CandidateCache candidates = new CandidateCache();
    /** The prompt's reader; null in script mode (nobody to ask). */
    volatile LineReader reader;
    volatile boolean exitRequested;

    /** The language the shell started in: cfg.yaml's {@code lang}, else the environment's. */
    private final String startLang;

    Shell(Session session, Map<String, String> env, String startLang) {
        this.session = session;
        this.env = env;
        this.startLang = startLang;
        this.background = new BackgroundJobs(this);
    }

    /** After open or cd: the registry's repositories and (inside one) the repository's tags, fetched for the next Tab. */
    void prefetch() {
        String registry = state.registry();
        if (registry == null) return;
        candidates.prefetch(catalogKey(registry), () -> session.catalog(registry, CATALOG_MAX));
        String here = state.here();
        if (!state.path().isEmpty()) candidates.prefetch(tagsKey(here), () -> session.tags(here));
    }

    static final int CATALOG_MAX = 10_000;

    static String catalogKey(String registry) { return "catalog " + registry; }

    static String tagsKey(String repository) { return "tags " + repository; }

    /** The catalogue in the language chosen: {@code set lang}, else cfg.yaml's {@code lang}, else the environment's. */
    Messages messages() {
        return Messages.fromEnvironment(lang(), env);
    }

    String lang() {
        return state.lang != null ? state.lang : startLang;
    }

    /** The context one command runs in: this shell's session and language, these streams. */
    CliContext context(PrintWriter out, PrintWriter err, InputStream in) {
        return CliContext.inSession(env, out, err, in, session, lang());
    }

    @Override public void close() {
        candidates.close();
    }
}
