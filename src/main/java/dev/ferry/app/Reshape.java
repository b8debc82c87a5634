package dev.ferry.app;

import dev.ferry.ref.Text;

import java.util.Locale;

/**
 * How {@code copy --squash} / {@code --recompress} changes an image on the way: all layers into
 * one (whiteouts applied), and the compression of the layers written ({@code gzip}, {@code zstd},
 * each with a level).
 *
 * @param squash one layer instead of many
 * @param codec  {@code gzip} or {@code zstd}
 * @param level  the codec's level
 */
public record Reshape(boolean squash, String codec, int level) {
    /** {@code gzip[:LEVEL]} (1–9, default 6) or {@code zstd[:LEVEL]} (1–22, default 3); null: gzip 6. */
    public static Reshape of(boolean squash, String recompress) {
        if (recompress == null) return new Reshape(squash, "gzip", 6);
        String[] p = recompress.trim().toLowerCase(Locale.ROOT).split(":", 2);
        int max = switch (p[0]) {
            case "gzip" -> 9;
            case "zstd" -> 22;
            default -> throw new BadInputException(Text.of("copy.recompress_unknown", recompress));
        };
        int level = p[0].equals("gzip") ? 6 : 3;
        if (p.length > 1) {
            try {
                level = Integer.parseInt(p[1]);
            } catch (NumberFormatException e) {
                level = -1;
            }
            if (level < 1 || level > max) throw new BadInputException(Text.of("copy.recompress_level", recompress, p[0], max));
        }
        return new Reshape(squash, p[0], level);
    }

    public boolean zstd() { return codec.equals("zstd"); }
}
