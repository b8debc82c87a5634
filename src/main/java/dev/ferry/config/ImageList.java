package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image lists as image-transmit reads them ({@code -lst img.lst}, or standard input): one image a
 * line, optionally renamed with {@code SOURCE -> TARGET}.
 *
 * <pre>
 * # release 3.12
 * 10.45.80.21/public/alpine:3.11
 * 10.45.80.1/public/alpine:3.5 -> public-2/alpine-2:3.5-2   # renamed
 * alpine:3.12.1
 * </pre>
 *
 * <p>Blank lines and comments are skipped: a line whose first non-blank character is {@code #}, and
 * everything from a {@code #} that follows a space or tab. LF, CRLF and CR line ends, a UTF-8 byte
 * order mark, and (from files and streams) UTF-16 with a byte order mark are accepted. A leading
 * {@code http://} or {@code https://} is dropped, as image-transmit does. Each side must be a valid
 * image reference; a rename target must not carry a digest. Lines are kept in order, duplicates
 * included (see {@link #distinct(List)}). {@code REPOSITORY:/REGEX/} (as image-syncer writes it) is every
 * tag of the repository the expression finds, chosen when the job starts.
 */
public final class ImageList {

    private static final Text EXPECTED = Text.of("list.expected");

    private ImageList() {
    }

    /**
     * Parses list text.
     *
     * @param sourceName the list's name in messages ({@code img.lst}, {@code <stdin>})
     * @throws ConfigException at {@code sourceName:LINE:COLUMN} for the first malformed line
     */
    public static List<ImageListEntry> parse(String text, String sourceName) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<ImageListEntry> out = new ArrayList<>();
        String[] lines = t.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            ImageListEntry e = parseLine(lines[i], i + 1, sourceName);
            if (e != null) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** Reads a list file (UTF-8, or UTF-16 with a byte order mark). */
    public static List<ImageListEntry> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), Text.of("settings.no_such_file"), Text.of("list.expected_list"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), Text.of("settings.unreadable", e), Text.of("list.expected_readable"));
        }
    }

    /** Reads a list from a stream (e.g. standard input), which is read to its end but not closed. */
    public static List<ImageListEntry> read(InputStream in, String name) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            Text what = Text.of("list.read_failed", name);
            throw new UncheckedIOException(what.english(), new dev.ferry.ref.LocalizedIOException(what, e));
        }
        return parse(decode(bytes), name);
    }

    /** The entries without repeats of an identical line (same source and target), first occurrences kept. */
    public static List<ImageListEntry> distinct(List<ImageListEntry> entries) {
        Set<String> seen = new LinkedHashSet<>();
        List<ImageListEntry> out = new ArrayList<>();
        for (ImageListEntry e : entries) {
            if (seen.add(e.source() + "\n" + e.target())) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Bytes to text leniently: UTF-8, or UTF-16 after its byte order mark; bytes that are not UTF-8
     * (a comment saved in GBK, say) become U+FFFD, which is harmless in a comment and reported as an
     * invalid reference elsewhere.
     */
    public static String decode(byte[] b) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        return new String(b, skip, b.length - skip, cs);
    }

    private static ImageListEntry parseLine(String raw, int line, String name) {
        String content = stripComment(raw);
        if (content.isBlank()) {
            return null;
        }
        int arrow = content.indexOf("->");
        if (arrow < 0) {
            Token src = token(content, 0, line, name);
            return entry(src, null, line, name);
        }
        int second = content.indexOf("->", arrow + 2);
        if (second >= 0) {
            throw new ConfigException(name, line, second + 1, Text.of("list.second_arrow"), EXPECTED, null);
        }
        String left = content.substring(0, arrow);
        String right = content.substring(arrow + 2);
        if (left.isBlank()) {
            throw new ConfigException(name, line, arrow + 1, Text.of("list.no_source"), EXPECTED, null);
        }
        if (right.isBlank()) {
            throw new ConfigException(name, line, arrow + 1, Text.of("list.no_target"), EXPECTED, null);
        }
        Token src = token(left, 0, line, name);
        Token dst = token(right, arrow + 2, line, name);
        return entry(src, checkTarget(dst, line, name), line, name);
    }

    /** An entry; {@code repo:/REGEX/} (image-syncer's way) is the repository's tags the expression finds. */
    private static ImageListEntry entry(Token src, String target, int line, String name) {
        String s = stripScheme(src.text());
        int sel = s.lastIndexOf(":/");
        if (sel > 0 && s.endsWith("/") && s.length() > sel + 3) {
            String regex = s.substring(sel + 2, s.length() - 1);
            TagSelector tags;
            try {
                tags = TagSelector.regex(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException(name, line, src.column() + sel + 2, Text.of("list.not_a_regex", regex, e.getDescription()),
                        Text.of("list.regex_expected"), null);
            }
            if (target != null && target.indexOf(':', target.lastIndexOf('/') + 1) >= 0) {
                throw new ConfigException(name, line, src.column(), Text.of("list.regex_one_tag", regex, target),
                        Text.of("list.regex_one_tag_expected"), null);
            }
            String repo = checkSource(new Token(s.substring(0, sel), src.column()), line, name);
            return new ImageListEntry(repo, target, line, new ImageListEntry.Extra(List.of(), List.of(), false, false, tags));
        }
        return new ImageListEntry(checkSource(src, line, name), target, line);
    }

    /** The line without its comment: from a '#' at the start or after a space or tab. */
    private static String stripComment(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private record Token(String text, int column) {
    }

    /** The single word in {@code part}; {@code offset} is where part starts in the line. */
    private static Token token(String part, int offset, int line, String name) {
        int start = 0;
        while (start < part.length() && Character.isWhitespace(part.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < part.length() && !Character.isWhitespace(part.charAt(end))) {
            end++;
        }
        int next = end;
        while (next < part.length() && Character.isWhitespace(part.charAt(next))) {
            next++;
        }
        if (next < part.length()) {
            int stop = next;
            while (stop < part.length() && !Character.isWhitespace(part.charAt(stop))) {
                stop++;
            }
            throw new ConfigException(name, line, offset + next + 1,
                    Text.of("list.unexpected", part.substring(next, stop), part.substring(start, end)), EXPECTED, null);
        }
        return new Token(part.substring(start, end), offset + start + 1);
    }

    static String stripScheme(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (l.startsWith("http://")) {
            return s.substring("http://".length());
        }
        if (l.startsWith("https://")) {
            return s.substring("https://".length());
        }
        return s;
    }

    private static String checkSource(Token t, int line, String name) {
        String s = stripScheme(t.text());
        try {
            ImageReference.parse(s);
        } catch (InvalidReferenceException e) {
            throw new ConfigException(name, line, t.column(), Text.of(e), EXPECTED, e);
        }
        return s;
    }

    private static String checkTarget(Token t, int line, String name) {
        String s = stripScheme(t.text());
        int at = s.indexOf('@');
        if (at >= 0) {
            throw new ConfigException(name, line, t.column() + (t.text().length() - s.length()) + at,
                    Text.of("list.target_digest", s), Text.of("list.expected_target_name"), null);
        }
        try {
            ImageReference.parse(s);
        } catch (InvalidReferenceException e) {
            throw new ConfigException(name, line, t.column(), Text.of(e), Text.of("list.expected_target_example"), e);
        }
        return s;
    }
}
