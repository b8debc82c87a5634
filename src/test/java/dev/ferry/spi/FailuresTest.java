package dev.ferry.spi;

import dev.ferry.app.BadInputException;
import dev.ferry.config.ConfigException;
import dev.ferry.daemon.DaemonException;
import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Failures#kindOf}: real exceptions, from real operations where one can be made on this machine. */
class FailuresTest {

    private static ErrorKind kind(Throwable t) {
        return Failures.kindOf(t);
    }

    @Test
    void nothingAndTheUnknownAreOther() {
        assertEquals(ErrorKind.OTHER, kind(null));
        assertEquals(ErrorKind.OTHER, kind(new IOException("something odd")));
        assertEquals(ErrorKind.OTHER, kind(new IllegalStateException("a bug")));
        assertEquals(ErrorKind.OTHER, kind(new SocketException("Socket closed")));
    }

    @Test
    void aBlobThatDoesNotHashToItsDigestIsADigestMismatch() {
        byte[] good = "the right bytes".getBytes(StandardCharsets.UTF_8);
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(good), good.length);
        byte[] bad = "the wrong bytes".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(BlobVerificationException.class, () -> {
            try (VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(bad), d, "blob", null)) {
                v.readAllBytes();
            }
        });
        assertEquals(ErrorKind.DIGEST_MISMATCH, kind(e));
        // as a sink wraps it when the stream it reads from fails
        assertEquals(ErrorKind.DIGEST_MISMATCH, kind(new IOException("push blob: " + e.getMessage(), e)));
    }

    @Test
    void aSchema1ManifestIsUnsupportedNotBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Manifest.parse("{\"schemaVersion\":1,\"name\":\"a/b\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8), null));
        assertEquals(ErrorKind.UNSUPPORTED, kind(e));
    }

    @Test
    void writingToAFullDiskIsDiskFull(@TempDir Path tmp) {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "/dev/full is there on Linux");
        IOException stream = assertThrows(IOException.class, () -> {
            try (OutputStream o = new FileOutputStream(full.toFile())) {
                o.write(new byte[4096]);
                o.flush();
            }
        });
        assertEquals(ErrorKind.DISK_FULL, kind(stream), stream.toString());
        IOException nio = assertThrows(IOException.class, () -> Files.write(full, new byte[4096]));
        assertEquals(ErrorKind.DISK_FULL, kind(nio), nio.toString());
        // deep in a chain, and as the file system reports it for a path
        assertEquals(ErrorKind.DISK_FULL, kind(new UncheckedIOException(new IOException("cache write failed", nio))));
        assertEquals(ErrorKind.DISK_FULL, kind(new FileSystemException(tmp.resolve("blob").toString(), null, "No space left on device")));
    }

    @Test
    void aMissingFileIsNotFound(@TempDir Path tmp) {
        IOException e = assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(tmp.resolve("index.json")));
        assertEquals(ErrorKind.NOT_FOUND, kind(e));
    }

    @Test
    void aClosedLoopbackPortIsNetwork() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
        });
        assertEquals(ErrorKind.NETWORK, kind(e));
        assertEquals(ErrorKind.NETWORK, kind(new UnknownHostException("registry.invalid")));
        assertEquals(ErrorKind.NETWORK, kind(new NoRouteToHostException("No route to host")));
        assertEquals(ErrorKind.NETWORK, kind(new SocketException("Connection reset")));
        assertEquals(ErrorKind.NETWORK, kind(new SocketException("Broken pipe (Write failed)")));
        assertEquals(ErrorKind.NETWORK, kind(new java.io.IOException("unexpected end of stream on http://127.0.0.1:5000/...")));
    }

    @Test
    void aTimeoutIsNetworkButAnInterruptIsCancelled() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
            s.setSoTimeout(50);
            IOException e = assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            assertEquals(ErrorKind.NETWORK, kind(e), "a timeout is an InterruptedIOException, yet a network failure");
        }
        assertEquals(ErrorKind.CANCELLED, kind(new InterruptedIOException("interrupted")));
        assertEquals(ErrorKind.CANCELLED, kind(new InterruptedException()));
        assertEquals(ErrorKind.CANCELLED, kind(new ClosedByInterruptException()));
        assertEquals(ErrorKind.CANCELLED, kind(new CancellationException("closed")));
    }

    @Test
    void aTlsHandshakeWithSomethingThatIsNoTlsServerIsTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket c = plain.accept()) {
                    c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    c.getInputStream().readNBytes(512);
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            answer.setDaemon(true);
            answer.start();
            SSLContext ctx = SSLContext.getDefault();
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), plain.getLocalPort())) {
                s.setSoTimeout(5000);
                IOException e = assertThrows(SSLException.class, s::startHandshake);
                assertEquals(ErrorKind.TLS, kind(e), e.toString());
            }
        }
        assertEquals(ErrorKind.TLS, kind(new IOException("wrapped", new SSLHandshakeException("PKIX path building failed"))));
    }

    @Test
    void whatThePersonGaveIsBadInput() {
        IllegalArgumentException ref = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("Nginx:1"));
        assertEquals(ErrorKind.BAD_INPUT, kind(ref));
        assertEquals(ErrorKind.BAD_INPUT, kind(new BadInputException("--platform wants OS/ARCH")));
        assertEquals(ErrorKind.BAD_INPUT, kind(new ConfigException("cfg.yaml", 4, 10, "maxconn is -3", "expected a whole number of 1 or more")));
    }

    @Test
    void anAdaptersOwnKindComesFirstAndOtherLetsTheCausesSpeak() {
        // the registry answered 403 DENIED: that is the kind, whatever wraps it and whatever it wraps
        RegistryException denied = new RegistryException("push blob sha256:ab to r/x", 403, List.of("DENIED"), "access denied", false,
                new SocketException("Connection reset"));
        assertEquals(ErrorKind.DENIED, kind(new ExecutionException(denied)));
        assertEquals(ErrorKind.DAEMON, kind(new DaemonException("cannot reach the docker daemon", new ConnectException("Connection refused"))),
                "an unreachable daemon is the daemon's problem, not the network's");
        // a 400 the registry does not explain says OTHER: the cause it carries decides
        IllegalArgumentException schema1 = assertThrows(IllegalArgumentException.class,
                () -> Manifest.parse("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), null));
        RegistryException refused = new RegistryException("push manifest to r/x", 400, List.of("MANIFEST_INVALID"), "refused", false, schema1);
        assertEquals(ErrorKind.OTHER, refused.kind());
        assertEquals(ErrorKind.UNSUPPORTED, kind(new CompletionException(refused)));
    }

    @Test
    void aCycleInTheCausesEnds() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        assertEquals(ErrorKind.OTHER, kind(a));
    }
}
