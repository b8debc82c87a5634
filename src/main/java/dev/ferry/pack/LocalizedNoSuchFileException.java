package dev.ferry.pack;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

import java.nio.file.NoSuchFileException;

/**
 * A file or folder that is not there, with the reason as a catalogue {@link Text}: a face writes "REASON: FILE" in
 * the person's language, {@link #getMessage()} stays the JDK's English "FILE: REASON". Still a
 * {@link NoSuchFileException}, so it is a "not found" everywhere.
 */
public class LocalizedNoSuchFileException extends NoSuchFileException implements Localized {
    private final transient Text text;

    public LocalizedNoSuchFileException(String file, Text reason) {
        super(file, null, reason.english());
        this.text = Text.of("packfile.file_reason", reason, file);
    }

    @Override public Text text() { return text; }
}
