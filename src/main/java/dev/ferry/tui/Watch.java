package dev.ferry.tui;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A workspace listener that runs only when the part of the workspace a screen shows has changed: the release
 * editor's typing changes the workspace at every key, and need not redraw the browser's list each time.
 */
final class Watch {
    private Watch() {
    }

    static Consumer<Workspace> onChangeOf(Function<Workspace, Object> part, Runnable then, Workspace ws) {
        Object[] last = {part.apply(ws)};
        return w -> {
            Object now = part.apply(w);
            if (!Objects.equals(now, last[0])) {
                last[0] = now;
                then.run();
            }
        };
    }
}
