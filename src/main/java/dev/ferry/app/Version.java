package dev.ferry.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** ferry's version, from the build. */
public final class Version {
    private Version() {}

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/ferry/version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
