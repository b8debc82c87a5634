package dev.ferry.tui;

import dev.ferry.app.Messages;
import dev.ferry.config.CacheSettings;
import dev.ferry.config.ConfigEditor;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.RegistryEntry;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the settings screen shows and does, without a screen: cfg.yaml's values (each registry's address, user,
 * repository and password, maxconn, retries, compressor, lang and the cache), changed one by one and written to
 * cfg.yaml only by {@link #save}. Saving edits the file's text in place ({@link ConfigEditor}: comments, references
 * and unknown keys stay), then reloads the session; a result the session refuses is taken back, so the file and the
 * session keep the old configuration, and the reason is shown.
 *
 * <p>Passwords: one written in clear in cfg.yaml may be changed there; one cfg.yaml takes from {@code ${NAME}} or
 * {@code password_file:}, or none, is never written: a new one is used for this session only (a login). The language
 * applies to every screen at once (and is saved with the rest). Used on the GUI thread.
 */
public final class SettingsPresenter {
    /** How a value is edited. */
    public enum Kind { TEXT, NUMBER, SIZE, CHOICE, ADDRESS, PASSWORD }

    /**
     * One line of the settings.
     *
     * @param id      the value's path in cfg.yaml, by slashes ({@code target/0/user}, {@code cache/keepdays})
     * @param value   the value as shown: as written, or the default, or a password's description (never the password)
     * @param changed changed since the file was read, and not saved yet
     */
    public record Setting(String id, String label, String value, Kind kind, List<String> choices, boolean changed) {}

    private static final List<String> COMPRESSORS = withNone(FerryConfig.COMPRESSORS);

    private final Workspace ws;
    private final Path file;
    private String base;
    private final boolean readable;
    /** The language before the first change of it not saved yet, for {@link #revert}. */
    private Messages languageBefore;
    private final Map<String, String> edits = new LinkedHashMap<>();
    private final Map<String, String> sessionPasswords = new LinkedHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private String statusKey;
    private Object[] statusArgs = new Object[0];

    public SettingsPresenter(Workspace ws) {
        this.ws = ws;
        FerryConfig c = ws.session().config();
        this.file = c.file() != null ? c.file() : ws.session().workDir().resolve(ConfigLoader.FILE_NAME);
        String text = read(file);
        this.readable = text != null;
        this.base = text == null ? "" : text;
    }

    public void onChange(Runnable r) {
        listeners.add(r);
    }

    /** The file {@link #save} writes. */
    public Path file() {
        return file;
    }

    /** Whether there are changes not saved yet. */
    public boolean dirty() {
        return !edits.isEmpty();
    }

    /** What the last action did, or why it was refused; empty at first. */
    public String status() {
        return statusKey == null ? "" : ws.messages().get(statusKey, statusArgs);
    }

    // ------------------------------------------------------------------ what it shows

    public List<Setting> settings() {
        Messages m = ws.messages();
        ConfigEditor e = new ConfigEditor(base);
        FerryConfig c = ws.session().config();
        List<Setting> out = new ArrayList<>();
        registries(out, m, e, "source", c.sources());
        registries(out, m, e, "target", c.targets());
        out.add(setting("maxconn", m.get("tui.settings.maxconn"), e, Integer.toString(c.maxconn()), Kind.NUMBER, List.of()));
        out.add(setting("retries", m.get("tui.settings.retries"), e, Integer.toString(c.retries()), Kind.NUMBER, List.of()));
        out.add(setting("compressor", m.get("tui.settings.compressor"), e, "", Kind.CHOICE, COMPRESSORS));
        out.add(setting("lang", m.get("tui.settings.lang"), e, language(), Kind.CHOICE, FerryConfig.LANGUAGES));
        CacheSettings cache = c.cache() == null ? CacheSettings.DEFAULTS : c.cache();
        out.add(setting("cache/pathname", m.get("tui.settings.cache.pathname"), e, cache.pathname(), Kind.TEXT, List.of()));
        out.add(setting("cache/keepdays", m.get("tui.settings.cache.keepdays"), e, Integer.toString(cache.keepdays()), Kind.NUMBER, List.of()));
        out.add(setting("cache/keepsize", m.get("tui.settings.cache.keepsize"), e, dev.ferry.app.Units.bytes(cache.keepsize()), Kind.SIZE, List.of()));
        return out;
    }

    private void registries(List<Setting> out, Messages m, ConfigEditor e, String list, List<RegistryEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            RegistryEntry r = entries.get(i);
            String p = list + "/" + i + "/";
            String who = list.equals("source") ? m.get("tui.settings.source", r.name()) : m.get("tui.settings.target", r.name());
            out.add(setting(p + "registry", who + " " + m.get("tui.settings.address"), e, r.address(), Kind.ADDRESS, List.of()));
            out.add(setting(p + "user", who + " " + m.get("tui.settings.user"), e, "", Kind.TEXT, List.of()));
            out.add(setting(p + "repository", who + " " + m.get("tui.settings.repository"), e, "", Kind.TEXT, List.of()));
            out.add(new Setting(p + "password", who + " " + m.get("tui.settings.password"), passwordShown(e, p + "password"),
                    Kind.PASSWORD, List.of(), edits.containsKey(p + "password")));
        }
    }

    private Setting setting(String id, String label, ConfigEditor e, String otherwise, Kind kind, List<String> choices) {
        String written = e.scalar(path(id));
        String value = edits.containsKey(id) ? edits.get(id) : written != null ? written : otherwise;
        return new Setting(id, label, value, kind, choices, edits.containsKey(id));
    }

    private String passwordShown(ConfigEditor e, String id) {
        Messages m = ws.messages();
        String entry = id.substring(0, id.lastIndexOf('/'));
        if (sessionPasswords.containsKey(entry)) return m.get("tui.settings.password.session");
        if (edits.containsKey(id)) return m.get("tui.settings.password.changed");
        String fileRef = e.scalar(path(entry + "/password_file"));
        if (fileRef != null) return "password_file: " + fileRef;
        String written = e.scalar(path(id));
        if (written == null) return m.get("tui.settings.password.none");
        return written.contains("${") ? written : m.get("tui.settings.password.clear");
    }

    private String language() {
        Messages m = ws.messages();
        return m.locale().getLanguage().equals("zh") ? "zh_CN" : "en_US";
    }

    // ------------------------------------------------------------------ what it does

    /**
     * Changes one value for the session (the language at once, a password kept out of cfg.yaml at once); false, with
     * the reason in {@link #status}, when the value is refused.
     */
    public boolean edit(String id, String value) {
        Setting s = find(id);
        String v = value == null ? "" : value.strip();
        String refused = check(s, v);
        if (refused != null) {
            status("tui.settings.refused", s.label(), refused);
            return false;
        }
        if (s.kind() == Kind.PASSWORD) return password(id, value == null ? "" : value);
        String written = new ConfigEditor(base).scalar(path(id));
        if (id.equals("lang") && !edits.containsKey(id)) languageBefore = ws.messages();
        if (v.equals(written) || (written == null && v.isEmpty())) edits.remove(id);
        else edits.put(id, v);
        if (id.equals("lang")) ws.messages(Messages.forLocale(Messages.parseLocale(v)));
        status("tui.settings.changed", s.label(), v);
        return true;
    }

    /** Enter on a value with choices: the next one. */
    public boolean next(String id) {
        Setting s = find(id);
        if (s.kind() != Kind.CHOICE) return false;
        int i = s.choices().indexOf(s.value());
        return edit(id, s.choices().get((i + 1) % s.choices().size()));
    }

    /** Switches between English and Chinese. */
    public boolean switchLanguage() {
        return next("lang");
    }

    private boolean password(String id, String pw) {
        String entry = id.substring(0, id.lastIndexOf('/'));
        ConfigEditor e = new ConfigEditor(base);
        String written = e.scalar(path(id));
        boolean clearInFile = written != null && !written.contains("${") && !e.has(path(entry + "/password_file"));
        if (clearInFile) {
            edits.put(id, pw);
            status("tui.settings.password.will_save");
            return true;
        }
        String user = find(entry + "/user").value();
        String host = Registries.parse(find(entry + "/registry").value()).host();
        if (user.isEmpty()) {
            status("tui.settings.refused", find(id).label(), ws.messages().get("tui.settings.password.needs_user"));
            return false;
        }
        try {
            ws.session().login(host, user, pw);
        } catch (RuntimeException ex) {
            status("tui.settings.refused", find(id).label(), Text.of(ex));
            return false;
        }
        sessionPasswords.put(entry, host);
        status("tui.settings.password.session_only", host);
        return true;
    }

    /** Why {@code v} is no value for {@code s}, or null. */
    private String check(Setting s, String v) {
        Messages m = ws.messages();
        try {
            switch (s.kind()) {
                case NUMBER -> {
                    int n = Integer.parseInt(v);
                    int min = s.id().equals("retries") ? 0 : 1;
                    if (n < min) return m.get("tui.settings.at_least", min);
                }
                case SIZE -> CacheSettings.parseSize(v);
                case CHOICE -> {
                    if (!s.choices().contains(v)) return m.get("tui.settings.one_of", String.join(", ", s.choices()));
                }
                case ADDRESS -> Registries.parse(v);
                case TEXT, PASSWORD -> {
                    if (v.contains("\n")) return m.get("tui.settings.one_line");
                }
            }
        } catch (NumberFormatException e) {
            return m.get("tui.settings.not_a_number", v);
        } catch (IllegalArgumentException e) {
            return m.failure(e);
        }
        return null;
    }

    /**
     * Writes the changes into cfg.yaml and reloads the session from it. When the session refuses the result, the file
     * is put back as it was (the session keeps its configuration) and the reason is shown; false then.
     */
    public boolean save() {
        if (edits.isEmpty()) {
            status("tui.settings.nothing_to_save");
            return false;
        }
        boolean existed = Files.exists(file);
        String before = read(file);
        if (!readable || before == null) {
            status("tui.settings.not_utf8", file);
            return false;
        }
        String after;
        try {
            ConfigEditor e = new ConfigEditor(before);
            for (var ed : edits.entrySet()) e.set(ed.getValue(), path(ed.getKey()));
            after = e.text();
        } catch (IllegalArgumentException ex) {
            status("tui.settings.save_refused", Text.of(ex));
            return false;
        }
        try {
            write(file, after);
        } catch (IOException ex) {
            status("tui.settings.save_failed", file, ex.getMessage());
            return false;
        }
        try {
            ws.session().reload();
        } catch (RuntimeException ex) {
            try {
                if (existed) write(file, before);
                else Files.deleteIfExists(file);
            } catch (IOException again) {
                ex.addSuppressed(again);
            }
            status("tui.settings.save_refused", Text.of(ex));
            return false;
        }
        base = after;
        edits.clear();
        languageBefore = null;
        status("tui.settings.saved", file);
        return true;
    }

    /** Forgets the changes not saved (the language goes back to the file's). */
    public void revert() {
        boolean lang = edits.containsKey("lang");
        edits.clear();
        if (lang && languageBefore != null) ws.messages(languageBefore);
        languageBefore = null;
        status("tui.settings.reverted");
    }

    // ------------------------------------------------------------------ helpers

    private Setting find(String id) {
        for (Setting s : settings()) if (s.id().equals(id)) return s;
        throw new IllegalStateException("no setting " + id); // ids come from settings() itself
    }

    private static String[] path(String id) {
        return id.split("/");
    }

    private void status(String key, Object... args) {
        statusKey = key;
        statusArgs = args;
        for (Runnable r : listeners) r.run();
    }

    /** The file's text; "" when there is no file; null when it cannot be read as UTF-8 (it is then never written). */
    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path f, String text) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".ferry-tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> withNone(List<String> l) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.addAll(l);
        return List.copyOf(out);
    }
}
