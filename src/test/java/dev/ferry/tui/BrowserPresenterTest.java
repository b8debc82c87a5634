package dev.ferry.tui;

import dev.ferry.app.Inspection;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.ref.TagOrder;
import dev.ferry.spi.ErrorKind;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry browser's presenter against real registries, without any terminal: one thread stands for the GUI
 * thread, and every call is made on it, as the screen makes them.
 */
@Timeout(60)
class BrowserPresenterTest {
    static final BrowseRegistries R = BrowseRegistries.get();

    ExecutorService gui;
    Session session;
    Workspace ws;
    BrowserPresenter p;

    @BeforeEach
    void setUp() throws Exception {
        gui = Executors.newSingleThreadExecutor();
        Path dir = R.cfgDir("presenter");
        session = Session.builder(Map.of()).config(ConfigLoader.load(dir.resolve("cfg.yaml"), Map.of())).workDir(dir).build();
        ws = new Workspace(session, Messages.english());
        ws.source("nj");
        ws.target("dc");
        p = new BrowserPresenter(ws, gui);
    }

    @AfterEach
    void tearDown() {
        p.close();
        session.close();
        gui.shutdownNow();
    }

    <T> T onGui(Callable<T> c) throws Exception {
        Future<T> f = gui.submit(c);
        return f.get(20, TimeUnit.SECONDS);
    }

    void waitFor(Callable<java.util.concurrent.CompletableFuture<Void>> c) throws Exception {
        onGui(c).get(20, TimeUnit.SECONDS);
    }

    List<String> items() throws Exception {
        return onGui(() -> p.rows().stream().map(BrowserPresenter.Row::item).toList());
    }

    @Test
    void registriesAreCfgNamesAndTheSourceIsTheDefault() throws Exception {
        assertEquals("nj", onGui(p::defaultRegistry));
        assertEquals(List.of("nj", "dc", "gone"), items());
        assertEquals(BrowserPresenter.Level.REGISTRIES, p.level());
        onGui(() -> { ws.target(R.target.host()); return null; });
        assertEquals(List.of("nj", "dc", "gone", R.target.host()), items(), "a target typed as an address is there to browse too");
        onGui(() -> { ws.target("docker"); return null; });
        assertEquals(List.of("nj", "dc", "gone"), items(), "a daemon is no registry");
    }

    @Test
    void repositoriesThenTagsInFerrysOrderThenOneMultiArchImage() throws Exception {
        waitFor(() -> p.openRegistry("nj"));
        assertEquals(BrowserPresenter.Level.REPOSITORIES, p.level());
        assertNull(p.problem());
        assertEquals(List.of("base/multi", "corpus/debian", "many/builds", "tools/jq"), items());

        waitFor(() -> p.openRepository("corpus/debian"));
        List<String> expected = new ArrayList<>(BrowseRegistries.skopeoTags(R.source, "corpus/debian"));
        expected.sort(TagOrder.INSTANCE);
        assertEquals(expected, items());
        assertEquals(List.of("1.2", "1.9", "1.10", "1.10-rc1", "latest"), items(), "numbers as numbers, a pre-release after its release, latest last");

        onGui(p::back);
        waitFor(() -> p.openRepository("base/multi"));
        waitFor(() -> p.openImage("3.1"));
        assertEquals(BrowserPresenter.Level.IMAGE, p.level());
        Inspection i = p.inspection();
        assertEquals(R.multi.digest(), i.digest().toString());
        assertTrue(i.isIndex());
        assertEquals(List.of("linux/amd64", "linux/arm64"), i.images().stream().map(Inspection.PlatformImage::platform).toList());
        for (int k = 0; k < 2; k++) {
            TestImages.Image child = R.multi.children().get(k);
            assertEquals(child.layers().stream().map(TestImages.Blob::digest).toList(),
                    i.images().get(k).layers().stream().map(l -> l.digest().toString()).toList());
            assertEquals(child.layers().stream().map(TestImages.Blob::size).toList(),
                    i.images().get(k).layers().stream().map(Inspection.Layer::size).toList());
        }
        List<String> text = onGui(() -> p.rows().stream().map(BrowserPresenter.Row::text).toList());
        assertTrue(text.stream().anyMatch(l -> l.startsWith("linux/arm64: 2 layers")), String.join("\n", text));
        String firstLayer = R.multi.children().get(0).layers().get(0).digest().substring(0, "sha256:".length() + 12);
        assertTrue(text.stream().anyMatch(l -> l.contains(firstLayer)), String.join("\n", text));
    }

    @Test
    void aLongListIsInNumericOrder() throws Exception {
        waitFor(() -> p.openRegistry("nj"));
        waitFor(() -> p.openRepository("many/builds"));
        List<String> shown = items();
        assertEquals(BrowseRegistries.MANY, shown.size());
        assertEquals(List.of("b1", "b2", "b3"), shown.subList(0, 3));
        assertEquals(List.of("b9", "b10", "b11"), shown.subList(8, 11));
        assertEquals("b" + BrowseRegistries.MANY, shown.get(shown.size() - 1));
        assertEquals(Set.copyOf(BrowseRegistries.skopeoTags(R.source, "many/builds")), Set.copyOf(shown));
    }

    @Test
    void theFilterNarrowsAsYouType() throws Exception {
        waitFor(() -> p.openRegistry("nj"));
        onGui(() -> { p.filter("DEB"); return null; });
        assertEquals(List.of("corpus/debian"), items());
        waitFor(() -> p.openRepository("corpus/debian"));
        assertEquals("", p.filter(), "a new list starts unfiltered");
        onGui(() -> { p.filter("1.1"); return null; });
        assertEquals(List.of("1.10", "1.10-rc1"), items());
    }

    @Test
    void markedTagsBecomeReleaseLinesRelativeToTheSource() throws Exception {
        ws.releaseLines(List.of("# delivery", "tools/jq:1.7"));
        waitFor(() -> p.openRegistry("nj"));
        waitFor(() -> p.openRepository("corpus/debian"));
        onGui(() -> { p.toggleMark("1.9"); p.toggleMark("latest"); p.toggleMark("1.2"); p.toggleMark("1.2"); return null; });
        assertEquals(List.of("1.9", "latest"), p.marked());
        List<String> added = onGui(p::addMarked);
        assertEquals(List.of("corpus/debian:1.9", "corpus/debian:latest"), added);
        assertEquals(List.of("# delivery", "tools/jq:1.7", "corpus/debian:1.9", "corpus/debian:latest"), ws.releaseLines());
        assertEquals(List.of(), p.marked());
        assertEquals("2 added to the release list (0 there already)", onGui(p::status));

        onGui(() -> { p.toggleMark("1.9"); return null; });
        assertEquals(List.of(), onGui(p::addMarked), "a line the list holds is not added twice");
        assertEquals(4, ws.releaseLines().size());
        assertEquals("0 added to the release list (1 there already)", onGui(p::status));
        assertEquals(List.of(), onGui(p::addMarked));
        assertEquals("Mark tags with Space first.", onGui(p::status));
    }

    @Test
    void tagsOfAnotherRegistryAreAddedAsFullReferences() throws Exception {
        waitFor(() -> p.openRegistry("dc"));
        waitFor(() -> p.openRepository("corpus/debian"));
        onGui(() -> { p.toggleMark("1.9"); return null; });
        assertEquals(List.of(R.target.host() + "/corpus/debian:1.9"), onGui(p::addMarked));
    }

    @Test
    void compareListsExactlyTheTagsMissingAtTheTarget() throws Exception {
        waitFor(() -> p.openRegistry("nj"));
        waitFor(() -> p.openRepository("corpus/debian"));
        assertNull(p.missing());
        waitFor(() -> p.compare());
        Set<String> expected = new LinkedHashSet<>(BrowseRegistries.skopeoTags(R.source, "corpus/debian"));
        expected.removeAll(BrowseRegistries.skopeoTags(R.target, "corpus/debian"));
        assertEquals(expected, p.missing());
        assertEquals(Set.of("1.2", "1.10", "1.10-rc1"), p.missing());
        assertEquals("3 of 5 tags missing at dc", onGui(p::status));
        List<BrowserPresenter.Row> rows = onGui(p::rows);
        assertEquals(List.of("1.2", "1.10", "1.10-rc1"), rows.stream().filter(BrowserPresenter.Row::missing).map(BrowserPresenter.Row::item).toList());

        onGui(p::back);
        waitFor(() -> p.openRepository("tools/jq"));
        waitFor(() -> p.compare());
        assertEquals(Set.of("1.7"), p.missing(), "a repository the target does not have lacks every tag");
    }

    @Test
    void anUnreachableRegistryShowsTheKindsTitleAndHint() throws Exception {
        java.util.concurrent.CompletableFuture<Void> f = onGui(() -> p.openRegistry("gone"));
        assertTrue(p.loading() || f.isDone());
        f.get(20, TimeUnit.SECONDS);
        assertNotNull(p.problem());
        assertEquals(ErrorKind.NETWORK, p.problem().kind());
        String status = onGui(p::status);
        Messages m = Messages.english();
        assertTrue(status.startsWith(m.title(ErrorKind.NETWORK) + ": "), status);
        assertTrue(status.endsWith(m.hint(ErrorKind.NETWORK)), status);
        assertEquals(BrowserPresenter.Level.REGISTRIES, p.level(), "the browser stays where it was");
    }

    @Test
    void anUnauthorizedRegistryShowsUnauthorized() throws Exception {
        try (RegistryServer locked = RegistryServer.builder().htpasswd("alice", "s3cret").start()) {
            waitFor(() -> p.openRegistry(locked.host()));
            assertNotNull(p.problem(), p.status());
            assertEquals(ErrorKind.UNAUTHORIZED, p.problem().kind(), p.problem().detail());
            assertNotEquals("", onGui(p::status));
        }
    }

    @Test
    void aRegistryTypedAsAnAddressIsBrowsedToo() throws Exception {
        waitFor(() -> p.openRegistry(R.source.host()));
        assertNull(p.problem(), () -> p.problem().detail());
        assertTrue(items().contains("tools/jq"));
        assertFalse(p.loading());
    }
}
