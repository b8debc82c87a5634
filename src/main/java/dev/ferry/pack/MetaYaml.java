package dev.ferry.pack;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How one kind of pack's meta file is read as a YAML tree: with its mapper, up to its size limit,
 * and failing with its own catalogue texts when the file is missing, too large, not YAML (with
 * the line and column) or not UTF-8.
 */
record MetaYaml(ObjectMapper mapper, long maxBytes, String notFoundKey, String tooLargeKey, String notYamlKey, String notUtf8Key) {

    /** {@code file} as a tree (null for an empty file); {@code shown} is how messages name it. */
    JsonNode read(Path file, Path shown) throws IOException {
        if (!Files.isRegularFile(file)) throw new LocalizedNoSuchFileException(shown.toString(), Text.of(notFoundKey));
        if (Files.size(file) > maxBytes) throw new InvalidInputException(Text.of(tooLargeKey, shown, Files.size(file)));
        try {
            return mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InvalidInputException(Text.of(notYamlKey, shown + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr()), Text.verbatim(e.getOriginalMessage())));
        } catch (MalformedInputException e) {
            throw new InvalidInputException(Text.of(notUtf8Key, shown));
        }
    }
}
