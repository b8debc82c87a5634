package dev.ferry.spi;

import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.UnsupportedManifestException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;

/**
 * The one classifier of failures: which {@link ErrorKind} a throwable is. It lives here, beside
 * {@link ErrorKind} and {@link TransferFailure}, because both the engine (for every failed image)
 * and the adapters (a registry request failing for a TLS or socket reason) need the same answer,
 * and this is the package all of them may use.
 *
 * <p>It walks the cause chain from the outside in; the first throwable that says something wins:
 * a {@link TransferFailure}'s own kind (unless {@code OTHER}), then the JDK's and our value types'
 * exceptions (see {@link #ownKind}). Nothing known anywhere in the chain: {@code OTHER}.
 */
public final class Failures {
    private static final String NO_SPACE = "no space left on device";

    private Failures() {}

    /** The kind of {@code failure}; {@code OTHER} for null or anything unknown. */
    public static ErrorKind kindOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            ErrorKind k = ownKind(t);
            if (k != ErrorKind.OTHER) return k;
        }
        return ErrorKind.OTHER;
    }

    /**
     * The kind {@code t} itself says, without looking at its causes.
     * <ul>
     *   <li>a {@link TransferFailure}: its {@link TransferFailure#kind()};</li>
     *   <li>{@link BlobVerificationException}: {@code DIGEST_MISMATCH};
     *       {@link UnsupportedManifestException}: {@code UNSUPPORTED};</li>
     *   <li>an IOException saying "No space left on device" (a {@link FileSystemException} with that reason): {@code DISK_FULL};</li>
     *   <li>{@link NoSuchFileException} (a missing layout, archive, pack or blob file): {@code NOT_FOUND};</li>
     *   <li>{@link SSLException}: {@code TLS};</li>
     *   <li>connect refused, no route, port unreachable, unknown host, socket timeout, connection reset or
     *       aborted, broken pipe, a connection closed before the answer ("unexpected end of stream"): {@code NETWORK};</li>
     *   <li>{@link InterruptedException}, {@link InterruptedIOException} (but a timeout),
     *       {@link ClosedByInterruptException}, {@link CancellationException}: {@code CANCELLED};</li>
     *   <li>{@link IllegalArgumentException} (bad input, invalid references, cfg errors): {@code BAD_INPUT}.</li>
     * </ul>
     */
    static ErrorKind ownKind(Throwable t) {
        if (t instanceof TransferFailure tf) {
            ErrorKind k = tf.kind();
            return k == null ? ErrorKind.OTHER : k;
        }
        if (t instanceof BlobVerificationException) return ErrorKind.DIGEST_MISMATCH;
        if (t instanceof UnsupportedManifestException) return ErrorKind.UNSUPPORTED;
        if (isDiskFull(t)) return ErrorKind.DISK_FULL;
        if (t instanceof NoSuchFileException) return ErrorKind.NOT_FOUND;
        if (t instanceof SSLException) return ErrorKind.TLS;
        if (isNetwork(t)) return ErrorKind.NETWORK;
        if (t instanceof InterruptedException || t instanceof InterruptedIOException
                || t instanceof ClosedByInterruptException || t instanceof CancellationException) return ErrorKind.CANCELLED;
        if (t instanceof IllegalArgumentException) return ErrorKind.BAD_INPUT;
        return ErrorKind.OTHER;
    }

    /** Whether {@code t} itself (not its causes) is an IOException saying "No space left on device". */
    public static boolean isDiskFull(Throwable t) {
        if (!(t instanceof IOException)) return false;
        if (t instanceof FileSystemException fs && says(fs.getReason(), NO_SPACE)) return true;
        return says(t.getMessage(), NO_SPACE);
    }

    private static boolean isNetwork(Throwable t) {
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                || t instanceof UnknownHostException || t instanceof SocketTimeoutException) return true;
        // OkHttp's word for a connection the server closed before it answered (a registry that died, a proxy that dropped it)
        if (t instanceof IOException && says(t.getMessage(), "unexpected end of stream")) return true;
        return t instanceof SocketException
                && (says(t.getMessage(), "connection reset") || says(t.getMessage(), "broken pipe") || says(t.getMessage(), "connection abort"));
    }

    private static boolean says(String message, String what) {
        return message != null && message.toLowerCase(Locale.ROOT).contains(what);
    }
}
