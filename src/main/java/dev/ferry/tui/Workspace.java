package dev.ferry.tui;

import dev.ferry.app.Messages;
import dev.ferry.app.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What every screen of one terminal UI shares: the session, the language, the release list's text (the browser adds
 * to it, the release screen edits it) and the source and target registries chosen. Not a place for logic: a screen
 * changes a value here and the others hear of it through their listeners. Used on the GUI thread only.
 */
public final class Workspace {
    private final Session session;
    private Messages messages;
    private final List<String> releaseLines = new ArrayList<>();
    private String source;
    private String target;
    private final List<Consumer<Workspace>> listeners = new CopyOnWriteArrayList<>();

    public Workspace(Session session, Messages messages) {
        this.session = Objects.requireNonNull(session, "session");
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    public Session session() {
        return session;
    }

    public Messages messages() {
        return messages;
    }

    /** Changes the language of every screen (they redraw their texts when told). */
    public void messages(Messages m) {
        this.messages = Objects.requireNonNull(m, "messages");
        changed();
    }

    /** The release list as the editor holds it, one line per element (comments and blank lines included). */
    public List<String> releaseLines() {
        return List.copyOf(releaseLines);
    }

    /** Replaces the whole release list (the editor's text, a pack's images). */
    public void releaseLines(List<String> lines) {
        releaseLines.clear();
        releaseLines.addAll(lines);
        changed();
    }

    /** Adds lines at the end of the release list, skipping those it holds already (the browser's marked tags). */
    public int addReleaseLines(List<String> lines) {
        int added = 0;
        for (String l : lines) {
            if (!releaseLines.contains(l)) {
                releaseLines.add(l);
                added++;
            }
        }
        if (added > 0) changed();
        return added;
    }

    /** The source chosen: a cfg.yaml registry name or an address; null when none is. */
    public String source() {
        return source;
    }

    public void source(String s) {
        this.source = s;
        changed();
    }

    /** The target chosen: a cfg.yaml registry name, an address, {@code docker} or {@code containerd}; null when none is. */
    public String target() {
        return target;
    }

    public void target(String t) {
        this.target = t;
        changed();
    }

    /** Calls {@code l} after every change, on the thread that made it (the GUI thread). */
    public void onChange(Consumer<Workspace> l) {
        listeners.add(l);
    }

    private void changed() {
        for (Consumer<Workspace> l : listeners) l.accept(this);
    }
}
