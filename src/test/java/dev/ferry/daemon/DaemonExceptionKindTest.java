package dev.ferry.daemon;

import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link DaemonException#kind()}: DAEMON unless it knows better. */
class DaemonExceptionKindTest {

    @Test
    void aDaemonFailingIsDaemon() {
        assertEquals(ErrorKind.DAEMON, new DaemonException("the docker daemon refused x:1: invalid tar header").kind());
        assertEquals(ErrorKind.DAEMON, new DaemonException("loading into the docker daemon failed", new IOException("Broken pipe")).kind());
    }

    @Test
    void aBadDockerHostIsBadInput() {
        for (String host : new String[] {"ssh://builder", "unix://", "tcp://[nonsense"}) {
            DaemonException e = assertThrows(DaemonException.class, () -> DockerHost.parse(host));
            assertEquals(ErrorKind.BAD_INPUT, e.kind(), host + ": " + e.getMessage());
        }
        DaemonException tls = assertThrows(DaemonException.class,
                () -> DockerHost.fromEnv(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1")));
        assertEquals(ErrorKind.BAD_INPUT, tls.kind());
    }

    @Test
    void aDaemonWithAFullDiskIsDiskFull() {
        // what dockerd says in its load stream when /var/lib/docker is full
        DaemonException e = new DaemonException("the docker daemon could not load x:1: write /var/lib/docker/tmp/docker-import-1/blobs: no space left on device");
        assertEquals(ErrorKind.DISK_FULL, e.kind());
        assertEquals(ErrorKind.DISK_FULL, Failures.kindOf(new IOException("load x:1", e)));
    }

    @Test
    void aLoadCancelledUnderItIsCancelled() {
        assertEquals(ErrorKind.CANCELLED, new DaemonException("loading into the docker daemon failed", new InterruptedIOException("interrupted")).kind());
    }
}
