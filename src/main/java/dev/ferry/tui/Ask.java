package dev.ferry.tui;

import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.gui2.dialogs.TextInputDialog;
import com.googlecode.lanterna.gui2.dialogs.TextInputDialogBuilder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.concurrent.atomic.AtomicBoolean;

/** A one-line question in a dialog (a registry, a user, a masked password): Enter in the field answers, as OK does; Esc or Cancel gives null. */
final class Ask {
    private Ask() {}

    static String line(WindowBasedTextGUI gui, String title, String question, String initial, boolean masked) {
        TextInputDialog d = new TextInputDialogBuilder().setTitle(title).setDescription(question)
                .setInitialContent(initial == null ? "" : initial).setPasswordInput(masked).build();
        d.addWindowListener(new WindowListenerAdapter() {
            @Override public void onInput(Window w, KeyStroke key, AtomicBoolean deliver) {
                if (key.getKeyType() == KeyType.Enter && w.getFocusedInteractable() instanceof TextBox) {
                    deliver.set(false);
                    w.handleInput(new KeyStroke(KeyType.Tab)); // the OK button follows the field
                    w.handleInput(new KeyStroke(KeyType.Enter));
                } else if (key.getKeyType() == KeyType.Escape) {
                    deliver.set(false);
                    w.close();
                }
            }
        });
        return d.showDialog(gui);
    }
}
