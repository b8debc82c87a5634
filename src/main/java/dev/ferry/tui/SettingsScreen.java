package dev.ferry.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.List;

/**
 * The settings: cfg.yaml's values one per line (a changed one marked {@code *}), a value field to edit the chosen
 * one (masked for a password), and a status line. Enter edits a value, or takes the next of a value with choices;
 * F5 saves; F6 switches the language; F7 forgets the changes not saved. What it shows and does is {@link SettingsPresenter}'s.
 */
public final class SettingsScreen implements TuiScreen {
    /** One line of the list: a setting and its text. */
    private record Line(SettingsPresenter.Setting setting, String text) {
        @Override public String toString() { return text; }
    }

    private final Workspace ws;
    private final SettingsPresenter presenter;
    private final Panel root = new Panel(new BorderLayout());
    private final WrapLabel note = new WrapLabel();
    private final Label valueLabel = new Label("");
    private final EnterBox valueBox;
    private final WrapLabel status = new WrapLabel();
    private final KeyList<Line> list;
    private String editing;

    public SettingsScreen(Workspace ws) {
        this.ws = ws;
        this.presenter = new SettingsPresenter(ws);
        this.list = new KeyList<>(this::key, line -> line.setting().id());
        this.valueBox = new EnterBox(50, this::apply);
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL));
        Panel value = new Panel(new LinearLayout(Direction.HORIZONTAL));
        value.addComponent(valueLabel);
        value.addComponent(valueBox);
        bottom.addComponent(value);
        bottom.addComponent(status);
        root.addComponent(note, BorderLayout.Location.TOP);
        root.addComponent(list, BorderLayout.Location.CENTER);
        root.addComponent(bottom, BorderLayout.Location.BOTTOM);
        presenter.onChange(this::refresh);
        ws.onChange(Watch.onChangeOf(Workspace::messages, this::refresh, ws));
        refresh();
    }

    public SettingsPresenter presenter() {
        return presenter;
    }

    @Override public String title() {
        return ws.messages().get(Keys.SETTINGS_TITLE);
    }

    @Override public Component component() {
        return root;
    }

    @Override public List<KeyHint> keys() {
        return Keys.settings(ws.messages());
    }

    @Override public void shown() {
        refresh();
        list.takeFocus();
    }

    @Override public boolean onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.F5) {
            presenter.save();
            return true;
        }
        if (key.getKeyType() == KeyType.F6) {
            presenter.switchLanguage();
            return true;
        }
        if (key.getKeyType() == KeyType.F7) {
            presenter.revert();
            return true;
        }
        return false;
    }

    private boolean key(KeyStroke key, Line line) {
        if (key.getKeyType() != KeyType.Enter || line == null) return false;
        SettingsPresenter.Setting s = line.setting();
        if (s.kind() == SettingsPresenter.Kind.CHOICE) {
            presenter.next(s.id());
            return true;
        }
        editing = s.id();
        boolean password = s.kind() == SettingsPresenter.Kind.PASSWORD;
        valueBox.setMask(password ? '*' : null);
        valueBox.setText(password ? "" : s.value());
        valueBox.takeFocus();
        return true;
    }

    private void apply(String text) {
        if (editing == null) return;
        if (presenter.edit(editing, text)) {
            editing = null;
            valueBox.setMask(null);
            valueBox.setText("");
            list.takeFocus();
        }
    }

    private void refresh() {
        var m = ws.messages();
        note.show(m.get("tui.settings.note"));
        status.show(presenter.status());
        valueLabel.setText(m.get("tui.settings.value"));
        List<SettingsPresenter.Setting> all = presenter.settings();
        int labels = Math.min(40, all.stream().mapToInt(s -> TerminalTextUtils.getColumnWidth(s.label())).max().orElse(0));
        list.show(all.stream().map(s -> new Line(s, line(s, labels))).toList());
    }

    private static String line(SettingsPresenter.Setting s, int labels) {
        String label = TerminalTextUtils.fitString(s.label(), labels);
        return (s.changed() ? "* " : "  ") + label + " ".repeat(labels - TerminalTextUtils.getColumnWidth(label) + 2) + s.value();
    }
}
