package io.fathom.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * This instance's own directory under the configured data directory, held by a file lock for as
 * long as the service runs. Several instances may share a data directory: each deletes only its own
 * directory, and at start-up those of instances that died (whose lock nobody holds any more); their
 * suites are replayed from Kafka by whoever reads the partitions now. The probe-service spills hidden
 * states here, the datamix-service corpus embeddings.
 */
public final class SpillDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SpillDirectory.class);
    private static final String PREFIX = "instance-";
    private static final String LOCK = ".lock";

    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;

    public SpillDirectory(Path root) {
        try {
            Files.createDirectories(root);
            sweepDead(root);
            path = Files.createDirectory(root.resolve(PREFIX + UUID.randomUUID()));
            lockFile = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockFile.lock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spill directory under " + root, e);
        }
    }

    public Path path() {
        return path;
    }

    private static void sweepDead(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                if (!young(child) && !held(child.resolve(LOCK))) {
                    LOG.infof("deleting %s, left by an instance that stopped", child);
                    deleteRecursively(child);
                }
            }
        }
    }

    /** Made in the last minute: its owner may not have taken its lock yet. */
    private static boolean young(Path directory) {
        try {
            return Files.getLastModifiedTime(directory).toInstant().isAfter(Instant.now().minusSeconds(60));
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether another live process (or this one) holds the lock. */
    private static boolean held(Path lockPath) {
        if (!Files.exists(lockPath)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            return true; // when in doubt, leave it
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            LOG.debugf("releasing %s: %s", path, e);
        }
        deleteRecursively(path);
    }

    /** Deletes a directory and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
