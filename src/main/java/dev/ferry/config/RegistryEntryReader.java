package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ferry.config.CfgNodes.described;
import static dev.ferry.config.CfgNodes.isNull;
import static dev.ferry.config.CfgNodes.value;

/**
 * cfg.yaml's {@code source:} and {@code target:} lists into {@link RegistryEntry}s: each address
 * checked, names unique, passwords read from {@code password_file:} and {@code ca:} paths found
 * relative to the file's directory, credentials kept off plain HTTP unless the entry allows it.
 */
final class RegistryEntryReader {
    private static final List<String> REGISTRY_KEYS = List.of("registry", "name", "user", "password", "password_file",
            "repository", "insecure", "ca", "cleartext_credentials");

    private final CfgNodes nodes;
    private final String name;
    private final Path baseDir;

    /**
     * @param name    the source name used in messages
     * @param baseDir the directory relative {@code password_file:} and {@code ca:} paths are read from
     */
    RegistryEntryReader(CfgNodes nodes, String name, Path baseDir) {
        this.nodes = nodes;
        this.name = name;
        this.baseDir = baseDir;
    }

    /** The registries of {@code source:} or {@code target:} ({@code key}), in order. */
    List<RegistryEntry> list(Node n, String key) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw nodes.error(n, Text.of("settings.registries_not_a_list", key, described(n)), Text.of("settings.registries_not_a_list_expected"));
        }
        List<RegistryEntry> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode m)) {
                throw nodes.error(item, Text.of("settings.registry_entry", key, described(item)), Text.of("settings.registry_entry_expected"));
            }
            out.add(registry(m, key, out.size()));
        }
        return out;
    }

    private RegistryEntry registry(MappingNode m, String list, int index) {
        Text where = Text.of("settings.where_registry", list);
        Map<String, NodeTuple> e = nodes.entries(m, where);
        nodes.warnUnknownKeys(e, list + "[" + index + "].", REGISTRY_KEYS);
        Node addressNode = value(e, "registry");
        String address = addressNode == null ? null : nodes.string(addressNode, "registry");
        if (address == null) {
            throw nodes.error(addressNode == null ? m : addressNode, Text.of("settings.registry_no_address", where),
                    Text.of("settings.registry_no_address_expected"));
        }
        Registries.Address a;
        try {
            a = Registries.parse(address);
        } catch (InvalidReferenceException ex) {
            throw nodes.error(addressNode, Text.of(ex), Text.of("settings.registry_address_expected"));
        }
        if (!looksLikeRegistryHost(a.host())) {
            throw nodes.error(addressNode, Text.of("settings.registry_bare", address), Text.of("settings.registry_bare_expected"));
        }

        String repository = repository(value(e, "repository"));

        Node nameNode = value(e, "name");
        String explicitName = nameNode == null ? null : nodes.string(nameNode, "name");
        if (explicitName != null) {
            explicitName = explicitName.strip();
            for (int i = 0; i < explicitName.length(); i++) {
                char c = explicitName.charAt(i);
                if (Character.isWhitespace(c) || c == '/' || c == '@' || Character.isISOControl(c)) {
                    throw nodes.error(nameNode, Text.of("settings.name_contains", explicitName, c == '/' || c == '@' ? Text.verbatim("'" + c + "'") : Text.of("ref.char_space")),
                            Text.of("settings.name_contains_expected"));
                }
            }
        }

        String user = nodes.string(value(e, "user"), "user");
        Node passwordNode = value(e, "password");
        String password = passwordNode == null ? null : nodes.string(passwordNode, "password");
        Node passwordFileNode = value(e, "password_file");
        String passwordFile = passwordFileNode == null ? null : nodes.string(passwordFileNode, "password_file");
        if (passwordFile != null) {
            if (password != null) {
                throw nodes.error(e.get("password_file").getKeyNode(), Text.of("settings.password_both", where),
                        Text.of("settings.password_both_expected"));
            }
            password = readPassword(passwordFileNode, passwordFile);
        }

        boolean insecure = nodes.bool(value(e, "insecure"), "insecure", false);
        boolean cleartext = cleartextCredentials(e, where, a, address, user, insecure);
        Node caNode = value(e, "ca");
        Path ca = null;
        String caText = caNode == null ? null : nodes.string(caNode, "ca");
        if (caText != null) {
            ca = resolve(caText);
            if (!Files.isRegularFile(ca)) {
                Text missing = Text.of(Files.exists(ca) ? "settings.ca_not_a_file" : "settings.ca_missing", caText);
                throw nodes.error(caNode, Path.of(caText).isAbsolute() ? missing : Text.of("settings.looked_for", missing, ca),
                        Text.of("settings.ca_expected", name));
            }
        }

        Mark mark = m.getStartMark();
        String entryName = explicitName != null ? explicitName : RegistryEntry.defaultName(a.host(), repository);
        return new RegistryEntry(entryName, a.host(), a.scheme(), user, password, repository, insecure, ca,
                mark.getLine() + 1, mark.getColumn() + 1, cleartext);
    }

    /**
     * {@code cleartext_credentials:}, and the rule it lifts: a user and password never go over
     * plain HTTP to a host not on this machine unless the entry says both {@code insecure: true}
     * and {@code cleartext_credentials: true}. An {@code http://} address with a user and without
     * them is refused here, before anything is sent.
     */
    private boolean cleartextCredentials(Map<String, NodeTuple> e, Text where, Registries.Address a, String address,
                                         String user, boolean insecure) {
        Node n = value(e, "cleartext_credentials");
        boolean cleartext = nodes.bool(n, "cleartext_credentials", false);
        if (cleartext && !insecure) {
            throw nodes.error(n, Text.of("settings.cleartext_alone", where), Text.of("settings.cleartext_alone_expected"));
        }
        boolean hasUser = user != null && !user.isEmpty();
        if (hasUser && !cleartext && a.scheme() == Registries.Scheme.HTTP && !a.isLoopback()) {
            throw nodes.error(value(e, "registry"), Text.of("settings.plain_http_credentials", address), Text.of("settings.plain_http_credentials_expected"));
        }
        return cleartext;
    }

    /** Whether docker reads {@code host/x} as a registry: localhost, or a '.' or ':' in it. */
    static boolean looksLikeRegistryHost(String host) {
        return host.equals("localhost") || host.indexOf('.') >= 0 || host.indexOf(':') >= 0;
    }

    private String repository(Node n) {
        String v = n == null ? null : nodes.string(n, "repository");
        if (v == null) {
            return null;
        }
        Text expected = Text.of("settings.repository_expected");
        if (v.indexOf(':') >= 0 || v.indexOf('@') >= 0) {
            throw nodes.error(n, Text.of("settings.repository_tag", v, String.valueOf(v.indexOf(':') >= 0 ? ':' : '@')), expected);
        }
        try {
            ImageReference r = ImageReference.parse("localhost/" + v);
            if (!r.repository().equals(v)) {
                throw new InvalidReferenceException("repository", v, Text.of("settings.not_a_repository_path"));
            }
        } catch (InvalidReferenceException ex) {
            throw nodes.error(n, Text.of("settings.repository_invalid", v, ex.reasonText()), expected);
        }
        return v;
    }

    private String readPassword(Node n, String pathText) {
        Path p = resolve(pathText);
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8);
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
                end--;
            }
            s = s.substring(0, end);
            return s.isEmpty() ? null : s;
        } catch (NoSuchFileException ex) {
            Text missing = Text.of("settings.password_file_missing", pathText);
            throw nodes.error(n, Path.of(pathText).isAbsolute() ? missing : Text.of("settings.looked_for", missing, p),
                    Text.of("settings.password_file_expected", name));
        } catch (IOException | RuntimeException ex) {
            throw nodes.error(n, Text.of("settings.password_file_unreadable", pathText, ex.toString()),
                    Text.of("settings.password_file_unreadable_expected"));
        }
    }

    private Path resolve(String pathText) {
        Path p = Path.of(pathText);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
    }

    /**
     * Names must be unique across sources and targets. Two registries that both carry the default
     * name (same address and repository, no name: given) are allowed: they can only differ in
     * credentials, and each list is searched first for its own registries.
     */
    void checkNames(List<RegistryEntry> sources, List<RegistryEntry> targets) {
        List<RegistryEntry> all = new ArrayList<>(sources);
        all.addAll(targets);
        all.sort(Comparator.comparingInt(RegistryEntry::line).thenComparingInt(RegistryEntry::column));
        Map<String, RegistryEntry> seen = new HashMap<>();
        for (RegistryEntry r : all) {
            RegistryEntry first = seen.putIfAbsent(r.name(), r);
            if (first == null) {
                continue;
            }
            boolean firstDefault = first.name().equals(RegistryEntry.defaultName(first.host(), first.repository()));
            boolean thisDefault = r.name().equals(RegistryEntry.defaultName(r.host(), r.repository()));
            if (firstDefault && thisDefault) {
                continue;
            }
            throw new ConfigException(name, r.line(), r.column(),
                    Text.of(firstDefault ? "settings.name_taken_default" : "settings.name_taken", r.name(), first.line(), first.column()),
                    Text.of("settings.name_taken_expected"), null);
        }
    }
}
