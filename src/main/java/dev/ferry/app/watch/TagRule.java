package dev.ferry.app.watch;

import dev.ferry.ref.GoVersionOrder;
import dev.ferry.ref.SemverOrder;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Which tags of a watched repository are shipped: those at or above the list line's tag in the
 * chosen order, and (with {@code --tags}) matching a regular expression as a whole.
 *
 * @param order how tags are ordered
 * @param tags  a pattern every shipped tag matches, or null for any
 */
public record TagRule(Order order, Pattern tags) {
    /** {@code version}: image-transmit's (go-version) rules; {@code semver}: Semantic Versioning, other tags never shipped. */
    public enum Order { VERSION, SEMVER }

    public TagRule {
        if (order == null) order = Order.VERSION;
    }

    /** image-transmit's rule: every tag at or above the line's. */
    public static TagRule standard() {
        return new TagRule(Order.VERSION, null);
    }

    /** Whether {@code tag} is shipped for a line whose tag is {@code lowest} (null: no lower bound). */
    public boolean accepts(String tag, String lowest) {
        if (tags != null && !tags.matcher(tag).matches()) return false;
        if (order == Order.SEMVER && SemverOrder.parse(tag).isEmpty()) return false;
        if (lowest == null) return true;
        return switch (order) {
            case VERSION -> GoVersionOrder.compareVersions(tag, lowest) >= 0;
            case SEMVER -> SemverOrder.parse(lowest).map(l -> SemverOrder.parse(tag).orElseThrow().compareTo(l) >= 0).orElse(false);
        };
    }

    /** Oldest first: the order new tags are shipped in. */
    public Comparator<String> comparator() {
        return order == Order.SEMVER ? SemverOrder.INSTANCE : GoVersionOrder.INSTANCE;
    }
}
