package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.oci.Digest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A registry's paged listings, each page linked to the next by {@code Link}: tags, the catalog, referrers. */
final class Listings {
    private final RequestLoop loop;
    private volatile int pageSize = 1000;

    Listings(RequestLoop loop) {
        this.loop = loop;
    }

    /** How many tags or repositories to ask for per page (tests use small pages to exercise Link pagination). */
    void pageSize(int n) { this.pageSize = n; }

    /** All tags of a repository, following {@code Link} pagination. */
    List<String> tags(String repository) throws RegistryException {
        Text op = Text.of("remote.op.list_tags", loop.registry() + "/" + repository);
        List<String> out = new ArrayList<>();
        HttpUrl next = loop.url("v2/" + repository + "/tags/list").newBuilder().addQueryParameter("n", String.valueOf(pageSize)).build();
        while (next != null) {
            Page page = loop.fetch(op, next, Headers.of(), Scopes.pull(repository), r -> new Page(Answers.readAnswer(op, r), Answers.nextLink(op, r)));
            page.json().path("tags").forEach(t -> out.add(t.asText()));
            next = page.next();
        }
        return out;
    }

    /** Repository names from {@code _catalog}, following pagination, at most {@code max} (0: all). */
    List<String> catalog(int max) throws RegistryException {
        Text op = Text.of("remote.op.list_repositories", loop.registry());
        List<String> out = new ArrayList<>();
        HttpUrl next = loop.url("v2/_catalog").newBuilder().addQueryParameter("n", String.valueOf(pageSize)).build();
        while (next != null && (max <= 0 || out.size() < max)) {
            Page page = loop.fetch(op, next, Headers.of(), Scopes.catalog(), r -> new Page(Answers.readAnswer(op, r), Answers.nextLink(op, r)));
            page.json().path("repositories").forEach(t -> out.add(t.asText()));
            next = page.next();
        }
        return max > 0 && out.size() > max ? out.subList(0, max) : out;
    }

    /** One page of a listing and the link to the next. */
    private record Page(JsonNode json, HttpUrl next) {}

    /**
     * The referrers of {@code subject} from the referrers API ({@code GET /v2/<name>/referrers/<digest>}, distribution
     * spec 1.1), every page of it (as index bytes, one per page); empty when the registry does not have that API (it
     * answers 404), so the caller falls back to the referrers tag schema.
     */
    Optional<List<byte[]>> referrers(String repository, Digest subject) throws RegistryException {
        Text op = Text.of("remote.op.list_referrers", subject.shortForm(), loop.registry() + "/" + repository);
        List<byte[]> pages = new ArrayList<>();
        HttpUrl next = loop.url("v2/" + repository + "/referrers/" + subject);
        Headers accept = Headers.of("Accept", MediaTypes.OCI_INDEX);
        while (next != null) {
            HttpUrl at = next;
            record Answer(byte[] body, HttpUrl next, boolean missing) {}
            Answer a;
            try (Response r = loop.send(op, "GET", at, accept, null, true, Scopes.pull(repository), 404, 405)) {
                if (r.code() == 404 || r.code() == 405) {
                    if (pages.isEmpty()) return Optional.empty();
                    break;
                }
                a = new Answer(Answers.readBounded(r.body().byteStream(), Answers.MAX_MANIFEST_BYTES, op), Answers.nextLink(op, r), false);
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                throw loop.failed(op, e);
            }
            pages.add(a.body());
            next = a.next();
            if (pages.size() > 100) break; // bounded: a registry that pages forever does not hold the job
        }
        return Optional.of(pages);
    }
}
