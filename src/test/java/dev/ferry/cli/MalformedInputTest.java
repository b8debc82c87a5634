package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lists, rename files and load inputs that cannot be used: exit code 2 and a message that names
 * the file and what is wrong with it, before any registry is asked anything (the registries named
 * here are a closed loopback port). A second or two.
 */
@Timeout(60)
class MalformedInputTest {
    /** Nothing listens here: a test that reached the network would fail with a network error, not the one asserted. */
    private static final String CLOSED = "127.0.0.1:9";

    private static void assertBadInput(FerryCli.Result r, String... says) {
        assertEquals(2, r.exit(), r::toString);
        for (String s : says) assertTrue(r.err().contains(s), "says \"" + s + "\": " + r);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void anImageListThatIsAFolderMissingOrBinaryIsBadInput(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("images.lst"));
        assertBadInput(new FerryCli().run("save", folder.toString(), "--from", CLOSED, "--dir", tmp.toString()),
                "image list " + folder + " is a folder, not a file");
        assertBadInput(new FerryCli().run("sync", tmp.resolve("nosuch.lst").toString(), "--from", CLOSED, "--to", CLOSED),
                "image list " + tmp.resolve("nosuch.lst") + " does not exist");
        Path binary = tmp.resolve("release.lst");
        Files.write(binary, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xc9, (byte) 0xff});
        assertBadInput(new FerryCli().run("save", binary.toString(), "--from", CLOSED, "--dir", tmp.toString()),
                "image list " + binary + " is not a text file (a NUL byte at character 3)");
        assertBadInput(new FerryCli().run("plan", binary.toString(), "--from", CLOSED, "--to", CLOSED), "is not a text file");
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWhereTheyAreNotAsInputLength(@TempDir Path tmp) throws IOException {
        Path gbk = tmp.resolve("gbk.lst");
        Files.write(gbk, ("# 发布清单\n10.45.80.1/public/镜像:1\n").getBytes(Charset.forName("GBK")));
        FerryCli.Result r = new FerryCli().run("save", gbk.toString(), "--from", CLOSED, "--dir", tmp.toString());
        assertBadInput(r, gbk + ":2:");
        assertFalse(r.err().contains("Input length"), r::toString);
    }

    @Test
    void aRenamesFileThatIsAFolderOrBinaryIsBadInput(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("renames"));
        Path layout = Files.createDirectory(tmp.resolve("layout"));
        assertBadInput(new FerryCli().run("load", layout.toString(), "--to", CLOSED, "--renames", folder.toString()),
                "--renames " + folder + " is a folder");
        Path binary = tmp.resolve("renames.txt");
        Files.write(binary, new byte[] {'a', 0, 'b'});
        assertBadInput(new FerryCli().run("load", layout.toString(), "--to", CLOSED, "--renames", binary.toString()),
                "--renames " + binary + " is not a text file");
    }

    @Test
    void aCopyFromALayoutThatIsMissingOrLacksTheTagIsBadInput(@TempDir Path tmp) {
        Path missing = tmp.resolve("gone");
        assertBadInput(new FerryCli().run("copy", "oci:" + missing + ":1", CLOSED + "/x:1"), "the folder " + missing + " does not exist");
        dev.ferry.testing.TestImages.single(tmp.resolve("layout"), "one", "linux", "amd64", 1, 1000, false);
        assertBadInput(new FerryCli().run("copy", "oci:" + tmp.resolve("layout") + ":two", CLOSED + "/x:1"),
                "oci:" + tmp.resolve("layout") + " has no image tagged \"two\"; its tags: one");
    }

    @Test
    void unknownCfgYamlKeysAreWarnedAboutOnStandardErrorAndTheRunGoesOn(@TempDir Path tmp) throws IOException {
        Path cfg = tmp.resolve("cfg.yaml");
        Files.writeString(cfg, "maxconnn: 3\ntarget:\n- registry: " + CLOSED + "\n  pasword: s3cret\n");
        Path missing = tmp.resolve("nothing_meta.yaml");
        FerryCli.Result r = new FerryCli().run("load", missing.toString(), "--config", cfg.toString());
        assertBadInput(r, "ferry: warning: " + cfg + ":1:1: unknown key \"maxconnn\", ignored; did you mean \"maxconn\"?",
                "ferry: warning: " + cfg + ":4:3: unknown key \"target[0].pasword\", ignored; did you mean \"password\"?",
                missing + " does not exist");
        assertFalse(r.err().contains("s3cret"), r::toString);
    }

    @Test
    void aLoadInputThatIsMissingOrNotALayoutIsBadInput(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("no-such-layout");
        assertBadInput(new FerryCli().run("load", missing.toString(), "--to", CLOSED), missing + " does not exist");
        Path notLayout = Files.createDirectory(tmp.resolve("just-a-folder"));
        assertBadInput(new FerryCli().run("load", notLayout.toString(), "--to", CLOSED), notLayout + " is not an OCI image layout");
        Path empty = Files.createDirectory(tmp.resolve("empty-layout"));
        Files.writeString(empty.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(empty.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        assertBadInput(new FerryCli().run("load", empty.toString(), "--to", CLOSED), empty + " holds no image");
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "not an archive\n");
        assertBadInput(new FerryCli().run("load", text.toString(), "--to", CLOSED), text.toString());
        Path unfinishedMeta = tmp.resolve("img_full_20261201093000_meta.yaml.partial");
        Files.writeString(unfinishedMeta, "format: ferry-pack\n");
        assertBadInput(new FerryCli().run("load", unfinishedMeta.toString(), "--to", CLOSED), unfinishedMeta + " is the meta file of an incomplete pack");
        Path brokenMeta = tmp.resolve("x_meta.yaml");
        Files.writeString(brokenMeta, "format: ferry-pack\nversion: 7\n");
        assertBadInput(new FerryCli().run("load", brokenMeta.toString(), "--to", CLOSED), brokenMeta + ": version: version 7 is not supported");
        Path lst = tmp.resolve("one.lst");
        Files.writeString(lst, "10.45.80.1/public/app:1\n");
        assertBadInput(new FerryCli().run("save", lst.toString(), "--from", CLOSED, "--dir", tmp.toString(), "--inc", brokenMeta.toString()),
                brokenMeta + ": version: version 7 is not supported");
    }
}
