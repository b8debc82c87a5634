package dev.ferry.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A tmux server of its own (one socket per test class), for running ferry in a real terminal and reading its screen. */
public final class Tmux {
    private final String socket;

    public Tmux(String name) {
        this.socket = name + "-" + ProcessHandle.current().pid();
    }

    /** Runs {@code tmux -L SOCKET ARGS…} (10 s at most). */
    public ProcessResult run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        return Tools.run(Duration.ofSeconds(10), cmd);
    }

    /** The screen of {@code pane} as the person sees it, wrapped rows joined (-J), trailing blanks dropped. */
    public String screen(String pane) {
        return run("capture-pane", "-p", "-J", "-t", pane).stdout().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
    }
}
