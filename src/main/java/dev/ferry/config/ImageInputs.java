package dev.ferry.config;

import java.util.List;

/**
 * The list formats {@code sync}, {@code plan} and {@code save} take, told apart by their text: a
 * JSON array is dockerTransfer's images.json ({@link ImagesJson}), anything else image-transmit's
 * one image a line ({@link ImageList}).
 */
public final class ImageInputs {
    private ImageInputs() {
    }

    /** The entries of a list or images.json; {@code name} is the file as the person named it. */
    public static List<ImageListEntry> parse(String text, String name) {
        return ImagesJson.looksLikeJson(text) ? ImagesJson.parse(text, name) : ImageList.parse(text, name);
    }
}
