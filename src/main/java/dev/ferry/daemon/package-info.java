/**
 * The docker daemon and containerd as places to write images to ({@link dev.ferry.spi.ImageSink}s).
 * Both stream an archive written by {@link dev.ferry.pack.ArchiveWriter} while the engine reads the
 * source, and neither writes a temporary file:
 *
 * <ul>
 *   <li>{@link dev.ferry.daemon.DockerSink}: {@code POST /images/load} on the Docker Engine API
 *       ({@code DOCKER_HOST}: {@code unix://} or plain {@code tcp://}, through the small HTTP/1.1
 *       client in {@code DockerHttp}), one platform per image; {@link dev.ferry.daemon.DockerDaemon}
 *       asks the daemon its platform and what a name points at.</li>
 *   <li>{@link dev.ferry.daemon.ContainerdSink}: {@code ctr images import --all-platforms -} with the
 *       archive on ctr's stdin; indexes and every platform are kept. {@link dev.ferry.daemon.Ctr} finds
 *       ctr and runs its short commands (what a name points at, tag, remove).</li>
 * </ul>
 *
 * A sink loads one image: the top manifest with its tag ends the upload and then checks the
 * daemon's own view of the name. An image that fails before that is cut off, and nothing is tagged.
 * Every failure the daemon reports is a {@link dev.ferry.daemon.DaemonException} with its words.
 */
package dev.ferry.daemon;
