package dev.ferry.tui;

import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.List;

/**
 * The registry browser: a registry field (a cfg.yaml name or an address), a filter field, where the browser is, the
 * list (registries, repositories, tags with their marks, or one image's platforms and layers) and a status line
 * (loading, an error's title and hint, what an action did). What it shows and does is {@link BrowserPresenter}'s;
 * this class only draws it and turns keys into the presenter's calls. {@link #close} ends the presenter's threads.
 */
public final class BrowserScreen implements TuiScreen, AutoCloseable {
    private final Workspace ws;
    private final BrowserPresenter presenter;
    private final Panel root = new Panel(new BorderLayout());
    private final Label registryLabel = new Label("");
    private final Label filterLabel = new Label("");
    private final EnterBox registryBox;
    private final EnterBox filterBox;
    private final Label where = new Label("");
    private final WrapLabel status = new WrapLabel();
    private final KeyList<BrowserPresenter.Row> list;
    private BrowserPresenter.Level shownLevel;

    public BrowserScreen(Workspace ws) {
        this.ws = ws;
        this.presenter = new BrowserPresenter(ws, this::onGuiThread);
        this.list = new KeyList<>(this::key, row -> row.item() == null ? row.text() : row.item());
        this.registryBox = new EnterBox(40, text -> presenter.openRegistry(text));
        this.filterBox = new EnterBox(40, text -> list.takeFocus());
        this.filterBox.setTextChangeListener((text, byUser) -> {
            if (byUser) presenter.filter(text);
        });

        Panel fields = new Panel(new GridLayout(2).setLeftMarginSize(0).setRightMarginSize(0).setHorizontalSpacing(1));
        fields.addComponent(registryLabel);
        fields.addComponent(registryBox);
        fields.addComponent(filterLabel);
        fields.addComponent(filterBox);
        Panel top = new Panel();
        top.addComponent(fields);
        top.addComponent(where);
        root.addComponent(top, BorderLayout.Location.TOP);
        root.addComponent(list, BorderLayout.Location.CENTER);
        root.addComponent(status, BorderLayout.Location.BOTTOM);

        registryBox.setText(presenter.defaultRegistry());
        presenter.onChange(this::refresh);
        ws.onChange(Watch.onChangeOf(w -> java.util.Arrays.asList(w.messages(), w.source(), w.target()), this::refresh, ws));
        refresh();
    }

    /** The presenter behind the screen (for the frame's tests, and for those who drive it without keys). */
    public BrowserPresenter presenter() {
        return presenter;
    }

    @Override public String title() {
        return ws.messages().get(Keys.BROWSER_TITLE);
    }

    @Override public Component component() {
        return root;
    }

    @Override public List<KeyHint> keys() {
        return Keys.browser(ws.messages());
    }

    @Override public void shown() {
        refresh();
        list.takeFocus();
    }

    @Override public boolean onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.F5) {
            presenter.addMarked();
            return true;
        }
        if (key.getKeyType() == KeyType.F6) {
            presenter.compare();
            return true;
        }
        if (key.getKeyType() == KeyType.Escape) return presenter.back();
        return false;
    }

    /** Keys on the list: Enter opens, Space marks, Backspace goes up; the rest scroll. */
    private boolean key(KeyStroke key, BrowserPresenter.Row row) {
        if (key.getKeyType() == KeyType.Enter) {
            presenter.open(row);
            return true;
        }
        if (key.getKeyType() == KeyType.Character && key.getCharacter() == ' ') {
            if (row != null) presenter.toggleMark(row.item());
            return true;
        }
        if (key.getKeyType() == KeyType.Backspace) {
            presenter.back();
            return true;
        }
        return false;
    }

    private void refresh() {
        var m = ws.messages();
        registryLabel.setText(m.get("tui.browser.registry"));
        filterLabel.setText(m.get("tui.browser.filter"));
        where.setText(presenter.where());
        status.show(presenter.status());
        if (!presenter.filter().equals(filterBox.getText())) filterBox.setText(presenter.filter());
        list.show(presenter.rows());
        if (shownLevel != presenter.level()) {
            shownLevel = presenter.level();
            if (presenter.level() == BrowserPresenter.Level.REGISTRIES) selectRegistry(registryBox.getText());
            else if (list.getItemCount() > 0) list.setSelectedIndex(0);
            if (root.getTextGUI() != null) list.takeFocus();
        }
        if (presenter.registry() != null && !presenter.registry().equals(registryBox.getText())) registryBox.setText(presenter.registry());
    }

    private void selectRegistry(String name) {
        for (int i = 0; i < list.getItemCount(); i++) {
            if (name.equals(list.getItemAt(i).item())) list.setSelectedIndex(i);
        }
    }

    /** Results of looks come back here from the presenter's threads; they are applied on the GUI thread. */
    private void onGuiThread(Runnable r) {
        TextGUI gui = root.getTextGUI();
        if (gui == null) {
            r.run(); // not on a screen (yet): there is no GUI thread to wait for
        } else {
            gui.getGUIThread().invokeLater(r);
        }
    }

    @Override public void close() {
        presenter.close();
    }
}
