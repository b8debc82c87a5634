package dev.ferry.tui;

import com.googlecode.lanterna.gui2.AbstractListBox;
import com.googlecode.lanterna.input.KeyStroke;

import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A scrolling list whose keys a screen decides: each key goes to {@code keys} with the selected item first, and
 * only the ones it leaves (arrows, Page Up/Down, Home, End) move the selection. {@link #show} replaces the items,
 * keeping the selection on the item with the same identity when there is one.
 */
final class KeyList<V> extends AbstractListBox<V, KeyList<V>> {
    private final BiPredicate<KeyStroke, V> keys;
    private final Function<V, Object> identity;

    KeyList(BiPredicate<KeyStroke, V> keys, Function<V, Object> identity) {
        this.keys = keys;
        this.identity = identity;
    }

    /** Shows {@code items}; the selection stays on the same item, else on the first. */
    synchronized void show(List<V> items) {
        V was = getSelectedItem();
        Object id = was == null ? null : identity.apply(was);
        clearItems();
        int select = 0;
        for (int i = 0; i < items.size(); i++) {
            addItem(items.get(i));
            if (id != null && Objects.equals(id, identity.apply(items.get(i)))) select = i;
        }
        if (!items.isEmpty()) setSelectedIndex(select);
    }

    @Override
    public synchronized Result handleKeyStroke(KeyStroke key) {
        if (keys.test(key, getSelectedItem())) return Result.HANDLED;
        return super.handleKeyStroke(key);
    }
}
