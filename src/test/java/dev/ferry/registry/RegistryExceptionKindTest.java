package dev.ferry.registry;

import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link RegistryException#kind()}: the registry's codes, then the HTTP status, then (no answer) the cause. */
class RegistryExceptionKindTest {

    private static ErrorKind kind(int status, List<String> codes) {
        return new RegistryException("get manifest app/web:1 from 127.0.0.1:5000", status, codes, "detail", false, null).kind();
    }

    private static ErrorKind noAnswer(Throwable cause) {
        return new RegistryException("pull blob sha256:ab12 from 127.0.0.1:5000/app/web", 0, List.of(), "detail", true, cause).kind();
    }

    @Test
    void statusesAndCodes() {
        assertEquals(ErrorKind.UNAUTHORIZED, kind(401, List.of()));
        assertEquals(ErrorKind.UNAUTHORIZED, kind(401, List.of("UNAUTHORIZED")));
        assertEquals(ErrorKind.DENIED, kind(403, List.of()));
        assertEquals(ErrorKind.DENIED, kind(403, List.of("DENIED")));
        assertEquals(ErrorKind.NOT_FOUND, kind(404, List.of()));
        assertEquals(ErrorKind.NOT_FOUND, kind(404, List.of("MANIFEST_UNKNOWN")));
        assertEquals(ErrorKind.NOT_FOUND, kind(400, List.of("NAME_UNKNOWN")), "some registries answer 400 for an unknown repository");
        assertEquals(ErrorKind.NOT_FOUND, kind(404, List.of("BLOB_UNKNOWN")));
        assertEquals(ErrorKind.RATE_LIMITED, kind(429, List.of()));
        assertEquals(ErrorKind.RATE_LIMITED, kind(503, List.of("TOOMANYREQUESTS")), "Docker Hub's code wins over the status");
        assertEquals(ErrorKind.REGISTRY, kind(500, List.of()));
        assertEquals(ErrorKind.REGISTRY, kind(503, List.of("UNAVAILABLE")));
        assertEquals(ErrorKind.NETWORK, kind(408, List.of()));
        assertEquals(ErrorKind.UNSUPPORTED, kind(0, List.of("UNSUPPORTED")));
        assertEquals(ErrorKind.UNSUPPORTED, kind(405, List.of("UNSUPPORTED")));
        assertEquals(ErrorKind.DIGEST_MISMATCH, kind(400, List.of("DIGEST_INVALID")));
        assertEquals(ErrorKind.BAD_INPUT, kind(400, List.of("NAME_INVALID")));
        assertEquals(ErrorKind.OTHER, kind(400, List.of("MANIFEST_INVALID")));
        assertEquals(ErrorKind.OTHER, kind(413, List.of()));
    }

    @Test
    void aTokenServiceRefusingIsUnauthorizedEvenWith403() {
        // as Authorizer.fetchToken reports a 401 or 403 from the realm
        assertEquals(ErrorKind.UNAUTHORIZED, kind(403, List.of("UNAUTHORIZED")));
    }

    @Test
    void anAnswerThatCameBackButMadeNoSenseIsTheRegistrys() {
        assertEquals(ErrorKind.REGISTRY, kind(200, List.of()), "e.g. a manifest too large, or invalid JSON");
        assertEquals(ErrorKind.REGISTRY, kind(202, List.of()), "e.g. an upload without Location");
        assertEquals(ErrorKind.REGISTRY, kind(0, List.of()), "e.g. an invalid digest header");
    }

    @Test
    void withoutAnAnswerTheCauseDecides() {
        assertEquals(ErrorKind.TLS, noAnswer(new SSLHandshakeException("PKIX path building failed")));
        assertEquals(ErrorKind.NETWORK, noAnswer(new ConnectException("Failed to connect to /127.0.0.1:9")));
        assertEquals(ErrorKind.NETWORK, noAnswer(new UnknownHostException("registry.invalid")));
        assertEquals(ErrorKind.NETWORK, noAnswer(new SocketTimeoutException("timeout")));
        assertEquals(ErrorKind.NETWORK, noAnswer(new SocketException("Connection reset")));
        assertEquals(ErrorKind.NETWORK, noAnswer(new IOException("unexpected end of stream", new SocketException("Connection reset by peer"))));
        assertEquals(ErrorKind.CANCELLED, noAnswer(new InterruptedException()));
        assertEquals(ErrorKind.CANCELLED, noAnswer(new InterruptedIOException("interrupted")));
        assertEquals(ErrorKind.OTHER, noAnswer(new IOException("credential helper docker-credential-pass failed")));
    }
}
