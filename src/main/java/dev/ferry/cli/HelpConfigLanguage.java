package dev.ferry.cli;

import dev.ferry.config.ConfigLoader;

import java.nio.file.Path;
import java.util.Map;

/**
 * cfg.yaml's {@code lang:} for help that is printed before any command reads cfg.yaml ({@code ferry sync --help},
 * {@code ferry -h}, a bare {@code ferry}), so the help speaks the language the messages of the same setup speak. Found
 * where a command finds it ({@code --config FILE}, else ./cfg.yaml, else ./data/cfg.yaml); {@code --lang} still wins.
 */
final class HelpConfigLanguage {
    private HelpConfigLanguage() {}

    /** Whether these arguments print help instead of running a command: none at all, or {@code -h}/{@code --help} before {@code --}. */
    static boolean asksForHelp(String[] args) {
        if (args.length == 0) return true;
        for (String a : args) {
            if (a.equals("--")) return false;
            if (a.equals("-h") || a.equals("--help")) return true;
        }
        return false;
    }

    /**
     * The {@code lang:} of the cfg.yaml these arguments would use from {@code workDir} (normalised: en_US, zh_CN), or
     * null when there is none. A cfg.yaml that cannot be read gives null: its problems are the command's to report, and
     * help is shown whatever the file holds.
     */
    static String of(String[] args, Map<String, String> env, Path workDir) {
        Path explicit = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) break;
            if ((a.equals("--config") || a.equals("-config")) && i + 1 < args.length) explicit = Path.of(args[i + 1]);
            else if (a.startsWith("--config=")) explicit = Path.of(a.substring("--config=".length()));
        }
        try {
            return ConfigLoader.locate(workDir, explicit).map(f -> ConfigLoader.load(f, env).lang()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
