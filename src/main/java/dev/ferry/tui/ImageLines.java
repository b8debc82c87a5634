package dev.ferry.tui;

import dev.ferry.app.Inspection;
import dev.ferry.app.Messages;
import dev.ferry.oci.Digest;

import java.util.ArrayList;
import java.util.List;

/** One image as the browser lists it: its digest and kind, then each platform with its size and its layers. */
final class ImageLines {
    private ImageLines() {
    }

    static List<String> of(Inspection i, Messages m) {
        if (i == null) return List.of();
        List<String> out = new ArrayList<>();
        out.add(i.digest().toString());
        out.add(i.isIndex() ? m.get("tui.browser.image.index", i.images().size(), i.mediaType()) : m.get("tui.browser.image.single", i.mediaType()));
        for (Inspection.PlatformImage p : i.images()) {
            String platform = p.platform() == null ? "?" : p.platform();
            out.add(m.get("tui.browser.image.platform", platform, m.count(p.layers().size(), Messages.Noun.LAYER), dev.ferry.app.Units.bytes(p.totalSize()), shortDigest(p.digest())));
            for (Inspection.Layer l : p.layers()) out.add("    " + shortDigest(l.digest()) + "  " + dev.ferry.app.Units.bytes(l.size()));
        }
        return out;
    }

    static String shortDigest(Digest d) {
        String hex = d.hex();
        return d.toString().substring(0, d.toString().length() - hex.length()) + hex.substring(0, Math.min(12, hex.length()));
    }

}
