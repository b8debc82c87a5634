package dev.ferry.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
    static final String WHAT = "blob sha256:… from 127.0.0.1:5000/app";

    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Descriptor describe(byte[] b) {
        return new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(b), b.length);
    }

    static VerifyingInputStream over(byte[] content, Descriptor expected) {
        return new VerifyingInputStream(new ByteArrayInputStream(content), expected, WHAT, null);
    }

    /** An endless stream of zeros: proves an error comes without waiting for the end. */
    static final class Endless extends InputStream {
        long served;
        @Override public int read() { served++; return 0; }
        @Override public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0);
            served += len;
            return len;
        }
    }

    @Test
    void goodBlobReadsThroughAndIsVerified() throws IOException {
        byte[] blob = data(200_000, 1);
        VerifyingInputStream in = over(blob, describe(blob));
        assertFalse(in.isVerified());
        byte[] read = in.readAllBytes();
        assertArrayEquals(blob, read);
        assertTrue(in.isVerified());
        assertEquals(blob.length, in.bytesRead());
        // reading again at the end stays clean
        assertEquals(-1, in.read());
        assertTrue(in.isVerified());
    }

    @Test
    void singleByteReadsVerifyToo() throws IOException {
        byte[] blob = data(300, 2);
        VerifyingInputStream in = over(blob, describe(blob));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) out.write(c);
        assertArrayEquals(blob, out.toByteArray());
        assertTrue(in.isVerified());
    }

    @Test
    void emptyBlob() throws IOException {
        VerifyingInputStream in = over(new byte[0], describe(new byte[0]));
        assertEquals(-1, in.read());
        assertTrue(in.isVerified());
    }

    @Test
    void wrongContentFailsOnTheFinalReadNamingTheDigest() throws IOException {
        byte[] blob = data(1000, 3);
        byte[] tampered = blob.clone();
        tampered[500] ^= 1;
        Descriptor d = describe(blob);
        VerifyingInputStream in = over(tampered, d);

        // all the bytes come through ...
        byte[] buf = new byte[1000];
        int total = 0;
        while (total < buf.length) {
            int n = in.read(buf, total, buf.length - total);
            assertTrue(n > 0);
            total += n;
        }
        assertArrayEquals(tampered, buf);
        // ... but the end is not a clean end
        BlobVerificationException e = assertThrows(BlobVerificationException.class, () -> in.read(buf, 0, buf.length));
        assertTrue(e.getMessage().contains(d.digest().toString()), e.getMessage());
        assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
        assertFalse(in.isVerified());
        // and asking again does not turn it into one
        assertThrows(BlobVerificationException.class, () -> in.read(buf, 0, buf.length));
        assertFalse(in.isVerified());
    }

    /** What is read and why it failed are catalogue texts: the same failure reads in English and in Chinese. */
    @Test
    void theFailureReadsInThePersonsLanguage() {
        byte[] blob = data(2000, 9);
        Descriptor d = describe(blob);
        dev.ferry.ref.Text what = dev.ferry.ref.Text.of("engine.blob_from", d.digest().shortForm(), "127.0.0.1:5000/app");
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(Arrays.copyOf(blob, 1500)), d, what, null);
        BlobVerificationException e = assertThrows(BlobVerificationException.class, in::readAllBytes);
        assertEquals("blob " + d.digest().shortForm() + " from 127.0.0.1:5000/app: ended after 1500 of 2000 bytes (truncated)", e.getMessage());
        assertEquals("来自 127.0.0.1:5000/app 的分层 " + d.digest().shortForm() + "：在 2000 字节中的第 1500 字节处结束（被截断）",
                dev.ferry.app.Messages.forLocale(java.util.Locale.SIMPLIFIED_CHINESE).text(e.text()));
    }

    @Test
    void wrongContentFailsReadAllBytes() {
        byte[] blob = data(5000, 4);
        VerifyingInputStream in = over(data(5000, 5), describe(blob));
        assertThrows(BlobVerificationException.class, in::readAllBytes);
        assertFalse(in.isVerified());
    }

    @Test
    void truncatedBlob() {
        byte[] blob = data(4096, 6);
        VerifyingInputStream in = over(Arrays.copyOf(blob, 4000), describe(blob));
        BlobVerificationException e = assertThrows(BlobVerificationException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("4000 of 4096"), e.getMessage());
        assertEquals(4000, in.bytesRead());
        assertFalse(in.isVerified());
    }

    @Test
    void tooLongFailsAsSoonAsItPassesTheSize() throws IOException {
        byte[] blob = data(10, 7);
        Endless source = new Endless();
        VerifyingInputStream in = new VerifyingInputStream(source, describe(blob), WHAT, null);
        byte[] buf = new byte[4];
        assertEquals(4, in.read(buf, 0, 4));
        assertEquals(4, in.read(buf, 0, 4));
        BlobVerificationException e = assertThrows(BlobVerificationException.class, () -> in.read(buf, 0, 4));
        assertTrue(e.getMessage().contains("more data than the 10 bytes"), e.getMessage());
        assertEquals(12, source.served, "no more was read than the read that crossed the size");
        assertFalse(in.isVerified());
    }

    @Test
    void oneByteTooManyIsRefused() {
        byte[] blob = data(64, 8);
        byte[] longer = Arrays.copyOf(blob, 65);
        VerifyingInputStream in = over(longer, describe(blob));
        assertThrows(BlobVerificationException.class, in::readAllBytes);
        assertFalse(in.isVerified());
    }

    @Test
    void progressCallbackSumsToTheSize() throws IOException {
        byte[] blob = data(150_001, 9);
        AtomicLong sum = new AtomicLong();
        List<Long> calls = new ArrayList<>();
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(blob), describe(blob), WHAT,
                n -> { sum.addAndGet(n); calls.add(n); });
        byte[] buf = new byte[8192];
        while (in.read(buf, 0, buf.length) >= 0) { /* read */ }
        assertEquals(blob.length, sum.get());
        assertTrue(calls.size() > 1);
        assertTrue(calls.stream().allMatch(n -> n > 0), "no empty progress calls: " + calls);
        assertTrue(in.isVerified());
    }

    @Test
    void drainAndVerifyChecksTheRest() throws IOException {
        byte[] blob = data(70_000, 10);
        VerifyingInputStream good = over(blob, describe(blob));
        good.read(new byte[100]);
        good.drainAndVerify();
        assertTrue(good.isVerified());
        assertEquals(blob.length, good.bytesRead());

        byte[] other = data(70_000, 11);
        VerifyingInputStream bad = over(other, describe(blob));
        assertThrows(BlobVerificationException.class, bad::drainAndVerify);
    }

    @Test
    void skipIsRefused() {
        byte[] blob = data(100, 12);
        VerifyingInputStream in = over(blob, describe(blob));
        IOException e = assertThrows(IOException.class, () -> in.skip(10));
        assertTrue(e.getMessage().contains("skip"), e.getMessage());
        assertEquals(0, in.bytesRead());
        assertFalse(in.markSupported());
    }

    @Test
    void sha512DescriptorsAreVerifiedWithSha512() throws Exception {
        byte[] blob = data(1234, 13);
        byte[] raw = java.security.MessageDigest.getInstance("SHA-512").digest(blob);
        Descriptor d = new Descriptor(null, Digest.of("sha512", raw), blob.length);
        VerifyingInputStream in = over(blob, d);
        in.readAllBytes();
        assertTrue(in.isVerified());
        VerifyingInputStream wrong = over(data(1234, 14), d);
        assertThrows(BlobVerificationException.class, wrong::readAllBytes);
    }
}
