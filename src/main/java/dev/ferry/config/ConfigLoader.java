package dev.ferry.config;

import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads cfg.yaml.
 *
 * <p>Where: {@code --config FILE} when given, else {@code ./cfg.yaml}, else
 * {@code ./data/cfg.yaml} (image-transmit's two places), else none. What: image-transmit's format
 * with ferry's additions, see {@link FerryConfig} and {@code cfg.yaml.example}. Every problem is a
 * {@link ConfigException} saying {@code FILE:LINE:COLUMN: what is wrong; what is expected}.
 *
 * <p>String values may use {@code ${NAME}} for the environment variable NAME ({@code $${} is a
 * literal {@code ${}); a registry may take its password from {@code password_file: PATH}. Relative
 * paths ({@code password_file}, {@code ca}) are read from the directory of cfg.yaml. A key ferry
 * does not know, at the top level or inside a registry, {@code cache:} or {@code dingtalk:} entry,
 * is ignored with a {@link ConfigWarning} naming it and the known key it most likely meant
 * ({@code pasword:}, did you mean {@code password}?); top-level ones are kept in
 * {@link FerryConfig#extra()}.
 */
public final class ConfigLoader {

    /** The file name looked for. */
    public static final String FILE_NAME = "cfg.yaml";
    /** The directory looked in second, as image-transmit does. */
    public static final String DATA_DIR = "data";
    /** Longest file read, in bytes. */
    static final long MAX_SIZE = 4L * 1024 * 1024;

    private ConfigLoader() {
    }

    /**
     * Where the configuration is: {@code explicitOrNull} (resolved against {@code workingDir}) when
     * given, else {@code workingDir/cfg.yaml}, else {@code workingDir/data/cfg.yaml}, else empty.
     *
     * @throws ConfigException if an explicit file does not exist or is not a regular file
     */
    public static Optional<Path> locate(Path workingDir, Path explicitOrNull) {
        if (explicitOrNull != null) {
            Path p = workingDir == null ? explicitOrNull : workingDir.resolve(explicitOrNull);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
            throw new ConfigException(explicitOrNull.toString(),
                    Text.of(Files.isDirectory(p) ? "settings.directory" : "settings.no_such_file"), Text.of("settings.expected_config_flag"));
        }
        Path dir = workingDir == null ? Path.of("") : workingDir;
        for (Path candidate : new Path[] {dir.resolve(FILE_NAME), dir.resolve(DATA_DIR).resolve(FILE_NAME)}) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * {@link #locate} and {@link #load}: the configuration found, or {@link FerryConfig#empty()}
     * when there is none.
     */
    public static FerryConfig locateAndLoad(Path workingDir, Path explicitOrNull, Map<String, String> env) {
        return locate(workingDir, explicitOrNull).map(p -> load(p, env)).orElseGet(FerryConfig::empty);
    }

    /** Reads a cfg.yaml, taking {@code ${NAME}} values from the process environment. */
    public static FerryConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads a cfg.yaml.
     *
     * @param env the variables {@code ${NAME}} may refer to
     * @throws ConfigException if the file cannot be read or is not a valid configuration
     */
    public static FerryConfig load(Path file, Map<String, String> env) {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new ConfigException(name, Text.of("settings.too_long", size), Text.of("settings.expected_size", MAX_SIZE / (1024 * 1024)));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, Text.of("settings.no_such_file"), Text.of("settings.expected_cfg"));
        } catch (IOException e) {
            throw new ConfigException(name, Text.of("settings.unreadable", e), Text.of("settings.expected_readable"));
        }
        String text = decode(bytes, name);
        Path dir = file.toAbsolutePath().getParent();
        return new ConfigParser(name, file, dir, env).parse(text);
    }

    /**
     * Reads cfg.yaml text that did not come from a file ({@code file} may still be given: it names
     * the text in messages and its directory is where relative paths are read from; when it is
     * {@code null}, messages say {@code cfg.yaml} and paths are relative to the working directory).
     */
    public static FerryConfig parse(String text, Path file, Map<String, String> env) {
        String name = file == null ? FILE_NAME : file.toString();
        Path dir = file == null ? null : file.toAbsolutePath().getParent();
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new ConfigParser(name, file, dir, env).parse(t);
    }

    /**
     * Text of a file: UTF-8 (with or without a byte order mark), or UTF-16 when it starts with a
     * UTF-16 byte order mark (what Windows PowerShell writes). Invalid UTF-8 is an error at its
     * line and column.
     */
    static String decode(byte[] bytes, String name) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            // Find the first bad byte by decoding line by line.
            int line = 1;
            int start = skip;
            for (int i = skip; cs == StandardCharsets.UTF_8 && i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                    ByteBuffer lineBytes = ByteBuffer.wrap(bytes, start, i - start);
                    CharBuffer out = CharBuffer.allocate(i - start + 1);
                    if (d.decode(lineBytes, out, true).isError()) {
                        throw new ConfigException(name, line, out.position() + 1,
                                Text.of("settings.not_text_at", cs.name()), Text.of("settings.expected_utf8"), e);
                    }
                    line++;
                    start = i + 1;
                }
            }
            throw new ConfigException(name, 0, 0, Text.of("settings.not_text", cs.name()), Text.of("settings.expected_utf8"), e);
        }
    }
}
