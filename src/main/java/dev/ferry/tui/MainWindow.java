package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Container;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.gui2.dialogs.MessageDialog;
import com.googlecode.lanterna.gui2.dialogs.MessageDialogButton;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one full-screen window: the header (the window's keys: every screen's name and key, the current one marked,
 * and quit), the current screen's component, and the footer (the screen's keys). The window's keys: F1 help, F2,
 * F3, F4 … the screens in their order, F10 (or Ctrl-C) quit, which asks first while a job runs. Clicking a name in
 * the header or a key in the footer presses it.
 */
final class MainWindow extends BasicWindow {
    static final String QUIT = "F10";
    static final String HELP = "F1";

    private final Workspace ws;
    private final List<TuiScreen> screens;
    private final TuiScreen help;
    private final TextPane header = new TextPane().background(TextColor.ANSI.BLUE);
    private final TextPane footer = new TextPane().background(TextColor.ANSI.BLUE);
    private final Panel body = new Panel(new BorderLayout());
    private TuiScreen current;
    /** The key each span of the header's (footer's) row stands for, null for none: a click presses it. */
    private final List<String> headerKeys = new ArrayList<>(), footerKeys = new ArrayList<>();

    /** @param help the help screen, or null: F1 then lists every key in a dialog */
    MainWindow(Workspace ws, List<TuiScreen> screens, TuiScreen help) {
        this.ws = ws;
        this.screens = List.copyOf(screens);
        this.help = help;
        setHints(List.of(Hint.FULL_SCREEN, Hint.NO_DECORATIONS, Hint.NO_POST_RENDERING));
        TextPane tooSmall = new TextPane(size -> List.of(TextPane.Row.plain(ws.messages().get("tui.frame.too_small",
                FrameLayout.MIN_COLUMNS, FrameLayout.MIN_ROWS, size.getColumns(), size.getRows()))));
        Panel root = new Panel(new FrameLayout(header, body, footer, tooSmall));
        root.addComponent(header);
        root.addComponent(body);
        root.addComponent(footer);
        root.addComponent(tooSmall);
        setComponent(root);
        addWindowListener(new WindowListenerAdapter() {
            @Override public void onInput(Window w, KeyStroke key, AtomicBoolean deliver) {
                if (!fits()) {
                    deliver.set(false); // nothing is drawn: no key may act unseen, but quitting
                    if (Keys.is(key, QUIT) || Keys.is(key, "Ctrl-C")) quit();
                    return;
                }
                if (key instanceof MouseAction ma) {
                    if (clicked(ma)) deliver.set(false);
                } else if (Keys.isCommand(key) && command(key)) {
                    deliver.set(false);
                }
            }

            @Override public void onUnhandledInput(Window w, KeyStroke key, AtomicBoolean handled) {
                if (!handled.get() && current != null && current.onKey(key)) handled.set(true);
            }
        });
        ws.onChange(w -> bars());
        select(screens.isEmpty() ? help : screens.get(0));
    }

    private boolean fits() {
        return getTextGUI() == null || FrameLayout.fits(getTextGUI().getScreen().getTerminalSize());
    }

    TuiScreen current() {
        return current;
    }

    /** Shows {@code s} in the body. */
    void select(TuiScreen s) {
        if (s == null) return;
        current = s;
        body.removeAllComponents();
        body.addComponent(s.component(), BorderLayout.Location.CENTER);
        s.shown();
        bars();
        Interactable first = firstInteractable(s.component());
        if (first != null) setFocusedInteractable(first);
    }

    private static Interactable firstInteractable(Component c) {
        if (c instanceof Interactable i && i.isEnabled() && i.isFocusable()) return i;
        if (c instanceof Container ct) {
            for (Component child : ct.getChildren()) {
                Interactable i = firstInteractable(child);
                if (i != null) return i;
            }
        }
        return null;
    }

    /** The header's items: (key, title) of help and each screen. */
    private List<KeyHint> headerItems() {
        List<KeyHint> items = new ArrayList<>();
        items.add(new KeyHint(HELP, help != null ? help.title() : ws.messages().get(Keys.HELP_TITLE)));
        for (int i = 0; i < screens.size(); i++) items.add(new KeyHint("F" + (i + 2), screens.get(i).title()));
        items.add(new KeyHint(QUIT, ws.messages().get("tui.frame.quit")));
        return items;
    }

    private List<KeyHint> footerItems() {
        return current == null ? List.of() : current.keys();
    }

    /** Redraws the header and the footer (the screen or the language changed); notes which key each span stands for. */
    void bars() {
        List<TextPane.Span> h = new ArrayList<>();
        headerKeys.clear();
        add(h, headerKeys, new TextPane.Span(" ferry ", TextColor.ANSI.WHITE, null, true), null);
        for (KeyHint k : headerItems()) {
            boolean on = k.key().equals(keyOf(current));
            String text = k.key() + " " + k.label();
            add(h, headerKeys, TextPane.Span.plain(" "), null);
            add(h, headerKeys, on ? TextPane.Span.inverse("[" + text + "]") : TextPane.Span.colour(" " + text + " ", TextColor.ANSI.WHITE), k.key());
        }
        header.show(List.of(new TextPane.Row(h)));
        List<TextPane.Span> f = new ArrayList<>();
        footerKeys.clear();
        add(f, footerKeys, TextPane.Span.plain(" "), null);
        for (KeyHint k : footerItems()) {
            if (f.size() > 1) add(f, footerKeys, TextPane.Span.plain("  "), null);
            add(f, footerKeys, new TextPane.Span(k.key(), TextColor.ANSI.YELLOW, null, true), k.key());
            add(f, footerKeys, TextPane.Span.colour(" " + k.label(), TextColor.ANSI.WHITE), k.key());
        }
        footer.show(List.of(new TextPane.Row(f)));
    }

    private static void add(List<TextPane.Span> spans, List<String> keys, TextPane.Span span, String key) {
        spans.add(span);
        keys.add(key);
    }

    private String keyOf(TuiScreen s) {
        if (s == help && help != null) return HELP;
        int i = screens.indexOf(s);
        return i < 0 ? "" : "F" + (i + 2);
    }

    /** A window key, or the current screen's; true when it was one. */
    boolean command(KeyStroke key) {
        if (Keys.is(key, QUIT) || Keys.is(key, "Ctrl-C")) {
            quit();
            return true;
        }
        if (Keys.is(key, HELP)) {
            if (help != null) select(help);
            else showKeys();
            return true;
        }
        for (int i = 0; i < screens.size(); i++) {
            if (Keys.is(key, "F" + (i + 2))) {
                select(screens.get(i));
                return true;
            }
        }
        return current != null && current.onKey(key);
    }

    /** A click on the header's names or the footer's keys presses that key. */
    private boolean clicked(MouseAction ma) {
        if (ma.getActionType() != MouseActionType.CLICK_DOWN) return false;
        int rows = getTextGUI().getScreen().getTerminalSize().getRows();
        int y = ma.getPosition().getRow(), x = ma.getPosition().getColumn();
        TextPane pane = y == 0 ? header : y == rows - 1 ? footer : null;
        if (pane == null || pane.rows().isEmpty()) return false;
        List<String> keys = y == 0 ? headerKeys : footerKeys;
        List<TextPane.Span> spans = pane.rows().get(0).spans();
        int col = 0;
        for (int i = 0; i < spans.size() && i < keys.size(); i++) {
            int w = TerminalTextUtils.getColumnWidth(spans.get(i).text());
            if (x >= col && x < col + w) {
                KeyStroke press = keys.get(i) == null ? null : Keys.parse(keys.get(i));
                return press != null && command(press);
            }
            col += w;
        }
        return false;
    }

    /** Quits; while a job runs, only after the person says yes (the jobs are then cancelled as the session closes). */
    void quit() {
        long running = ws.session().jobs().stream().filter(j -> !j.isDone()).count();
        if (running > 0) {
            MessageDialogButton answer = MessageDialog.showMessageDialog(getTextGUI(), ws.messages().get("tui.frame.quit"),
                    running == 1 ? ws.messages().get("tui.frame.quit_running_one") : ws.messages().get("tui.frame.quit_running", running), MessageDialogButton.No, MessageDialogButton.Yes);
            if (answer != MessageDialogButton.Yes) return;
        }
        close();
    }

    /** F1 without a help screen: every key of the window and of each screen. */
    private void showKeys() {
        StringBuilder b = new StringBuilder();
        for (KeyHint k : headerItems()) b.append(k.key()).append("  ").append(k.label()).append('\n');
        for (TuiScreen s : screens) {
            b.append('\n').append(s.title()).append(":\n");
            for (KeyHint k : s.keys()) b.append("  ").append(k.key()).append("  ").append(k.label()).append('\n');
        }
        b.append('\n').append(ws.messages().get("tui.frame.help_keys"));
        MessageDialog.showMessageDialog(getTextGUI(), ws.messages().get(Keys.HELP_TITLE), b.toString().stripTrailing(), MessageDialogButton.OK);
    }

    @Override public void setSize(TerminalSize size) {
        super.setSize(size);
        invalidate();
    }
}
