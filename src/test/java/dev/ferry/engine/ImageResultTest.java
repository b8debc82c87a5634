package dev.ferry.engine;

import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link ImageResult#kind()}: null exactly when ok; given by the engine, else implied by the status. */
class ImageResultTest {

    private static ImageResult of(ImageResult.Status s) {
        return new ImageResult("img", "src", "dst", s, null, null, List.of(), 0, 0, 0, 0, 0, 0.1, s == ImageResult.Status.COPIED ? null : "why");
    }

    private static ImageResult of(ImageResult.Status s, ErrorKind k) {
        return new ImageResult("img", "src", "dst", s, null, null, List.of(), 0, 0, 0, 0, 0, 0.1, "why", k);
    }

    @Test
    void theOldConstructorDerivesTheKindFromTheStatus() {
        assertNull(of(ImageResult.Status.COPIED).kind());
        assertNull(of(ImageResult.Status.UP_TO_DATE).kind());
        assertNull(of(ImageResult.Status.PLANNED).kind());
        assertEquals(ErrorKind.CANCELLED, of(ImageResult.Status.CANCELLED).kind());
        assertEquals(ErrorKind.NOT_FOUND, of(ImageResult.Status.INVALID).kind());
        assertEquals(ErrorKind.OTHER, of(ImageResult.Status.FAILED).kind());
    }

    @Test
    void aGivenKindIsKeptForAFailureAndDroppedWhenOk() {
        assertEquals(ErrorKind.TLS, of(ImageResult.Status.FAILED, ErrorKind.TLS).kind());
        assertEquals(ErrorKind.OTHER, of(ImageResult.Status.FAILED, null).kind());
        assertNull(of(ImageResult.Status.COPIED, ErrorKind.NETWORK).kind());
    }
}
