package dev.ferry.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/** What the ctr processes the containerd sink runs say, and waiting for them to end. */
final class ProcessOutput {
    static final int KEEP_OUTPUT = 64 * 1024;

    private ProcessOutput() {
    }

    static int waitFor(Process p, String what) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new dev.ferry.ref.LocalizedInterruptedIOException(dev.ferry.ref.Text.of("daemon.interrupted", what));
        }
    }

    /** Keeps the last {@value ProcessOutput#KEEP_OUTPUT} bytes of a process's output, read on its own thread. */
    static final class Tail extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in, String name) {
            super(name);
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        kept.write(buf, 0, n);
                        if (kept.size() > 2 * KEEP_OUTPUT) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - KEEP_OUTPUT, KEEP_OUTPUT);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }

        String text() {
            try {
                join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int from = Math.max(0, all.length - KEEP_OUTPUT);
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
