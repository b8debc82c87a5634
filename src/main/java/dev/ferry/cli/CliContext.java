package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.app.Session;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may use of the world: its environment, standard input and its own output streams (never System.out),
 * and the language it speaks to the person. {@code session} is null on the command line, where each command builds its
 * own session and closes it; the shell gives its own, which outlives every command run in it.
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, Language language, Session session) {

    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, Language language) {
        this(env, out, err, in, language, null);
    }

    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in) {
        this(env, out, err, in, new Language(env));
    }

    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this(env, out, err, InputStream.nullInputStream());
    }

    /**
     * A context for one command run inside the shell: the shell's {@code session}, these streams, and the language
     * {@code lang} (cfg.yaml's or the one set in the shell; null: the environment's).
     */
    public static CliContext inSession(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, Session session, String lang) {
        Language l = new Language(env);
        l.fromConfig(lang);
        return new CliContext(env, out, err, in, l, java.util.Objects.requireNonNull(session, "session"));
    }

    /** True when progress may redraw lines in place: a terminal, not CI, not TERM=dumb. */
    public boolean interactive() {
        return System.console() != null && !env.containsKey("CI") && !"dumb".equals(env.get("TERM"));
    }

    /** The catalogue of this run's texts: cfg.yaml's {@code lang} once a command has read cfg.yaml, else the environment's. */
    public Messages messages() {
        return language.messages();
    }

    /**
     * The language of one run: {@code --lang} when given, else cfg.yaml's {@code lang} once a command has read cfg.yaml,
     * else the environment's (LC_ALL, LC_MESSAGES, LANG), else English. Chosen when first asked for, so a run that
     * prints nothing loads no catalogue.
     */
    public static final class Language {
        private final Map<String, String> env;
        private volatile String flagLang;
        private volatile String configLang;
        private volatile Messages messages;

        Language(Map<String, String> env) {
            this.env = env;
        }

        Messages messages() {
            Messages m = messages;
            if (m == null) messages = m = Messages.fromEnvironment(chosen(), env);
            return m;
        }

        /** The locale asked for, without loading the catalogue (null: none asked, English). */
        java.util.Locale requested() {
            return Messages.requestedLocale(chosen(), env);
        }

        private String chosen() {
            String f = flagLang;
            return f != null ? f : configLang;
        }

        /** {@code --lang}, normalised (en_US, zh_CN): it wins over cfg.yaml and the environment. */
        void fromFlag(String lang) {
            if (!java.util.Objects.equals(lang, flagLang)) {
                flagLang = lang;
                messages = null;
            }
        }

        /** cfg.yaml's {@code lang} (null: none, the environment decides). */
        void fromConfig(String lang) {
            if (!java.util.Objects.equals(lang, configLang)) {
                configLang = lang;
                messages = null;
            }
        }
    }
}
