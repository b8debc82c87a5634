package dev.ferry.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** ferry's version and the commit it was built from, both written by the build. */
public final class Version {
    private Version() {}

    /** The project's version ({@code dev} when run from classes the build did not filter). */
    public static String get() {
        return property("/dev/ferry/version.properties", "version", "dev");
    }

    /** {@code git describe --always --dirty} of the tree it was built from; {@code unknown} when built outside git. */
    public static String commit() {
        String c = property("/dev/ferry/build.properties", "commit", "");
        return c.isBlank() ? "unknown" : c.strip();
    }

    private static String property(String resource, String key, String otherwise) {
        try (InputStream in = Version.class.getResourceAsStream(resource)) {
            if (in == null) return otherwise;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, otherwise);
        } catch (IOException e) {
            return otherwise;
        }
    }
}
