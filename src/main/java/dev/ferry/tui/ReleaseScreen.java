package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.ComboBox;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.dialogs.FileDialogBuilder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Messages;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.RegistryEntry;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The release screen, image-transmit's main window in the terminal: source and target, parallelism and retries,
 * the image list with each line checked as it is typed, the actions, and the live progress of the job (counters,
 * overall bar, a row per image, the log). Presentation only: {@link ReleasePresenter} does the work.
 */
final class ReleaseScreen implements TuiScreen, AutoCloseable {
    private final Workspace ws;
    private final ReleasePresenter presenter;
    private final Redraw redraw;
    private final Label sourceLabel = new Label(""), targetLabel = new Label(""), parallelLabel = new Label(""), retriesLabel = new Label("");
    private final ComboBox<String> source, target;
    private final TextBox parallel, retries;
    private final TextBox editor = new TextBox(new TerminalSize(30, 5), TextBox.Style.MULTI_LINE);
    private final TextPane checks = new TextPane();
    private final TextPane status = new TextPane();
    private final TextPane images = new TextPane();
    private final LogPane log = new LogPane();
    private final Button verify, transmit, download, upload, stop, retry;
    private final Panel root;
    private volatile String loginNotice;
    /** The combo boxes' texts last handed over: only a change made in them goes to the workspace, which others change too. */
    private String shownSource, shownTarget;
    private Messages labelled;
    private boolean edited;

    ReleaseScreen(Workspace ws) {
        this.ws = ws;
        this.redraw = new Redraw(this::guiThread, this::paint, this::running);
        this.presenter = new ReleasePresenter(ws, redraw::request);
        FerryConfig cfg = ws.session().config();
        source = new ComboBox<>(names(cfg.sources(), List.of()));
        target = new ComboBox<>(names(cfg.targets(), List.of("docker", "containerd")));
        source.setReadOnly(false);
        target.setReadOnly(false);
        if (ws.source() == null && !cfg.sources().isEmpty()) ws.source(cfg.sources().get(0).name());
        if (ws.target() == null && !cfg.targets().isEmpty()) ws.target(cfg.targets().get(0).name());
        showChoices();
        parallel = new TextBox(presenter.parallelText());
        retries = new TextBox(presenter.retriesText());
        editor.setText(String.join("\n", ws.releaseLines()));
        // a paste arrives key by key: the lines are checked at the next redraw (at most 10 a second), not at every key
        editor.setTextChangeListener((text, byUser) -> {
            edited = true;
            redraw.request();
        });
        verify = WideButtons.of("", this::verify);
        transmit = WideButtons.of("", presenter::transmit);
        download = WideButtons.of("", this::download);
        upload = WideButtons.of("", this::upload);
        stop = WideButtons.of("", presenter::stop);
        retry = WideButtons.of("", presenter::retryFailed);
        List<Component> settings = List.of(sourceLabel, source, targetLabel, target, parallelLabel, parallel, retriesLabel, retries);
        root = new Panel(new ReleaseLayout(new ReleaseLayout.Parts(settings, new int[]{0, 0, 4, 3}, editor, checks,
                List.of(verify, transmit, download, upload, stop, retry), status, images, log)));
        // the order Tab follows: the list first (it has the focus when the screen is shown), the actions, the log, the settings
        root.addComponent(editor);
        root.addComponent(checks);
        for (Button b : List.of(verify, transmit, download, upload, stop, retry)) root.addComponent(b);
        root.addComponent(status);
        root.addComponent(images);
        root.addComponent(log);
        settings.forEach(root::addComponent);
        ws.onChange(w -> redraw.request());
        labels();
        paint();
    }

    /** The workspace's source and target in the combo boxes (another screen may have chosen them). */
    private void showChoices() {
        if (ws.source() != null && !ws.source().equals(source.getText())) select(source, ws.source());
        if (ws.target() != null && !ws.target().equals(target.getText())) select(target, ws.target());
        shownSource = source.getText();
        shownTarget = target.getText();
    }

    private static List<String> names(List<RegistryEntry> entries, List<String> more) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.name()));
        out.addAll(more);
        return out;
    }

    private static void select(ComboBox<String> box, String value) {
        if (value == null) return;
        for (int i = 0; i < box.getItemCount(); i++) {
            if (box.getItem(i).equals(value)) {
                box.setSelectedIndex(i);
                return;
            }
        }
        box.addItem(value);
        box.setSelectedItem(value);
    }

    private Messages m() {
        return ws.messages();
    }

    ReleasePresenter presenter() {
        return presenter;
    }

    @Override public String title() {
        return m().get(Keys.RELEASE_TITLE);
    }

    @Override public Component component() {
        return root;
    }

    @Override public List<KeyHint> keys() {
        return List.of(new KeyHint("F5", m().get("tui.release.verify")), new KeyHint("F6", m().get("tui.release.transmit")),
                new KeyHint("F7", m().get("tui.release.download")), new KeyHint("F8", m().get("tui.release.upload")),
                new KeyHint("F9", m().get("tui.release.stop")), new KeyHint("^R", m().get("tui.release.retry")), new KeyHint("^L", m().get("tui.release.login")));
    }

    @Override public void shown() {
        String text = String.join("\n", ws.releaseLines());
        if (!text.equals(editor.getText())) editor.setText(text); // the browser may have added lines
        showChoices();
        labels();
        paint();
    }

    @Override public boolean onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape && presenter.pack().isPresent()) {
            presenter.closePack();
        } else if (Keys.is(key, "F5")) {
            verify();
        } else if (Keys.is(key, "F6")) {
            inputs();
            presenter.transmit();
        } else if (Keys.is(key, "F7")) {
            download();
        } else if (Keys.is(key, "F8")) {
            upload();
        } else if (Keys.is(key, "F9")) {
            presenter.stop();
        } else if (Keys.is(key, "^R")) {
            inputs();
            presenter.retryFailed();
        } else if (Keys.is(key, "^L")) {
            login();
        } else {
            return false;
        }
        paint();
        return true;
    }

    private void labels() {
        labelled = ws.messages();
        sourceLabel.setText(m().get("tui.release.source"));
        targetLabel.setText(m().get("tui.release.target"));
        parallelLabel.setText(m().get("tui.release.parallel"));
        retriesLabel.setText(m().get("tui.release.retries"));
        verify.setLabel(m().get("tui.release.verify"));
        transmit.setLabel(m().get("tui.release.transmit"));
        download.setLabel(m().get("tui.release.download"));
        upload.setLabel(m().get("tui.release.upload"));
        stop.setLabel(m().get("tui.release.stop"));
        retry.setLabel(m().get("tui.release.retry_failed"));
    }

    /** Hands the list and the settings row's values to the presenter (a combo box says nothing while its text is typed). */
    private void inputs() {
        if (edited) {
            edited = false;
            presenter.text(editor.getText());
        }
        if (!source.getText().equals(shownSource)) presenter.source(shownSource = source.getText());
        if (!target.getText().equals(shownTarget)) presenter.target(shownTarget = target.getText());
        presenter.parallel(parallel.getText());
        presenter.retries(retries.getText());
    }

    private void verify() {
        inputs();
        presenter.verify();
    }

    private void download() {
        inputs();
        FerryConfig cfg = ws.session().config();
        var o = new DownloadDialog(m(), ws.session().workDir(), cfg.compressor(), cfg.singlefile(), cfg.dockerfile()).showDialog(gui());
        if (o != null) presenter.download(o);
    }

    /** The first press chooses the pack (its images fill the editor, to rename); the next loads it. */
    private void upload() {
        inputs();
        if (presenter.pack().isPresent()) {
            presenter.upload();
            return;
        }
        File f = new FileDialogBuilder().setTitle(m().get("tui.release.upload_choose")).setActionLabel(m().get("tui.release.ok"))
                .setSelectedFile(latestPack(ws.session().workDir()).toFile()).build().showDialog(gui());
        if (f == null) return;
        List<String> lines = presenter.openPack(f.toPath());
        if (lines != null) editor.setText(String.join("\n", lines));
    }

    /** Where the file dialog opens: the newest meta file in a day folder under {@code data} (what Download wrote last), else {@code dir}. */
    static Path latestPack(Path dir) {
        Path data = dir.resolve("data");
        if (!java.nio.file.Files.isDirectory(data)) return dir;
        try (var files = java.nio.file.Files.find(data, 2, (f, a) -> a.isRegularFile() && f.getFileName().toString().endsWith("_meta.yaml"))) {
            return files.max(java.util.Comparator.comparing(f -> f.toFile().lastModified())).orElse(dir);
        } catch (java.io.IOException e) {
            return dir;
        }
    }

    /** Asks for a registry and a user, then logs in on a thread of its own: the session asks for the password in a masked dialog. */
    private void login() {
        inputs();
        String suggested = "";
        try {
            var e = ws.session().endpoint(ws.target(), true);
            suggested = e.isDaemon() ? "" : e.host();
        } catch (RuntimeException ignored) {
            // no target yet: the person types one
        }
        String registry = Ask.line(gui(), m().get("tui.release.login"), m().get("tui.release.login_registry"), suggested, false);
        if (registry == null || registry.isBlank()) return;
        String user = Ask.line(gui(), m().get("tui.release.login"), m().get("tui.release.login_user", registry), "", false);
        if (user == null || user.isBlank()) return;
        Thread t = new Thread(() -> {
            try {
                ws.session().login(registry.strip(), user.strip());
                loginNotice = m().get("tui.release.logged_in", user.strip(), registry.strip());
            } catch (RuntimeException e) {
                loginNotice = m().get("tui.release.login_failed", registry.strip(), e.getMessage());
            }
            redraw.request();
        }, "ferry-tui-login");
        t.setDaemon(true);
        t.start();
    }

    private boolean running() {
        return presenter.job().map(j -> !j.isDone()).orElse(false);
    }

    private WindowBasedTextGUI gui() {
        return (WindowBasedTextGUI) root.getTextGUI();
    }

    private TextGUIThread guiThread() {
        var g = root.getTextGUI();
        return g == null ? null : g.getGUIThread();
    }

    /** Draws the presenter's state into the components; on the GUI thread. */
    void paint() {
        inputs(); // what the person typed first, then what another screen chose
        showChoices();
        if (ws.messages() != labelled) labels(); // the language changed
        int top = editor.getTextGUI() != null && editor.getRenderer() instanceof TextBox.DefaultTextBoxRenderer r ? r.getViewTopLeft().getRow() : 0;
        ProgressView v = presenter.progress().orElse(null); // first: a job that ended gives its lines their verdicts
        int rows = Math.max(1, checks.getSize().getRows());
        checks.show(ReleaseRows.checks(m(), presenter, top, rows));
        if (loginNotice != null) {
            presenter.note(loginNotice);
            loginNotice = null;
        }
        int width = Math.max(FrameLayout.MIN_COLUMNS, status.getSize().getColumns());
        status.show(ReleaseRows.status(m(), presenter, v, width));
        images.show(ReleaseRows.images(v, width, images.getSize().getRows()));
        log.show(v == null ? List.of() : v.log());
        stop.setEnabled(running());
    }

    /** How many times the screen was redrawn for its job (at most {@link Redraw#PER_SECOND} a second). */
    long paints() {
        return redraw.paints();
    }

    @Override public void close() {
        redraw.close();
    }
}
