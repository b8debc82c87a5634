package dev.ferry.oci;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.util.Locale;
import java.util.Objects;

/**
 * An image platform, {@code os/architecture[/variant]}. Matching normalises the way containerd does:
 * {@code arm64} is {@code arm64/v8}, {@code arm} without a variant is {@code arm/v7},
 * {@code x86_64}/{@code x86-64} are {@code amd64}, {@code aarch64} is {@code arm64}.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null || variant.isEmpty() ? null : variant;
    }

    public static Platform parse(String s) {
        String[] parts = s.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new LocalizedArgumentException(Text.of("oci.platform_invalid", s));
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** The platform this JVM runs on, as an image platform. */
    public static Platform current() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "windows" : os.contains("mac") ? "darwin" : "linux";
        return new Platform(o, normaliseArch(System.getProperty("os.arch", "amd64")), null).normalised();
    }

    private static String normaliseArch(String a) {
        return switch (a) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> a;
        };
    }

    /** Canonical form used for comparisons. */
    public Platform normalised() {
        String arch = normaliseArch(architecture);
        String v = variant;
        if (arch.equals("arm64") && (v == null || v.equals("8"))) v = "v8";
        if (arch.equals("arm") && v == null) v = "v7";
        if (arch.equals("arm") && v != null && v.matches("\\d")) v = "v" + v;
        if (arch.equals("amd64") && "v1".equals(v)) v = null;
        return new Platform(os, arch, v);
    }

    /** True when {@code other} is this platform (after normalisation). */
    public boolean matches(Platform other) {
        return other != null && normalised().equals(other.normalised());
    }

    @Override public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    // written out: a record's generated equals/hashCode are linked at run time on first use (start-up cost)
    @Override public boolean equals(Object o) {
        return o instanceof Platform p && java.util.Objects.equals(os, p.os) && java.util.Objects.equals(architecture, p.architecture)
                && java.util.Objects.equals(variant, p.variant);
    }

    @Override public int hashCode() {
        return java.util.Objects.hash(os, architecture, variant);
    }
}
