package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.function.Consumer;

/** A one-line text field that hands its text to {@code onEnter} when Enter is pressed in it. */
final class EnterBox extends TextBox {
    private final Consumer<String> onEnter;

    EnterBox(int columns, Consumer<String> onEnter) {
        super(new TerminalSize(columns, 1));
        this.onEnter = onEnter;
    }

    @Override
    public synchronized Result handleKeyStroke(KeyStroke key) {
        if (key.getKeyType() == KeyType.Enter) {
            onEnter.accept(getText());
            return Result.HANDLED;
        }
        return super.handleKeyStroke(key);
    }
}
