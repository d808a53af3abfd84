package io.fathom.datamix.mix;

import io.fathom.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes mixture manifests to the sink directory, each named by its id, which is derived from its
 * content: the same mixture is the same file, and a file under a mixture's name is complete, since it
 * is written to a temporary name, synced, and then moved into place atomically. Temporary files
 * that a killed process left behind are deleted when the sink is opened, once they are an hour old
 * (younger ones may be another instance's writes in progress).
 */
public final class ManifestSink {

    /** One example of a manifest; {@code domainScore} is null where no classifier could be trained. */
    public record Line(String id, String source, String domain, Double domainScore, String textHash) {
    }

    /**
     * One example deduplication removed: why, the kept example it repeats and their cosine (1 for
     * an exact duplicate whose embedding is the same).
     */
    public record Removed(String id, String source, String reason, String keptId, double cosine) {
    }

    /** A file's content and its id, which names it: {@code mix-} for mixtures, {@code dups-} for removals. */
    public record Manifest(String mixtureId, byte[] bytes) {
    }

    private final Path directory;

    private static final Duration ABANDONED = Duration.ofHours(1);

    public ManifestSink(Path directory) {
        this.directory = directory;
        deleteAbandoned();
    }

    private void deleteAbandoned() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(ManifestSink::temporary).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // the sink is checked again by every write, which reports what is wrong
        }
    }

    private static boolean temporary(Path file) {
        String name = file.getFileName().toString();
        return (name.startsWith(".mix-") || name.startsWith(".dups-")) && name.endsWith(".tmp");
    }

    /**
     * JSONL, one line per example, scores rounded to 4 decimals. The id names the selection (every
     * line without its score), not the bytes: a score is an annotation whose last digits can move
     * with the trainer's arithmetic (another JIT, another CPU), and must not rename the mixture.
     */
    public static Manifest render(List<Line> lines) {
        Manifest selection = jsonl("mix-", lines.stream().map(line -> new Line(line.id(), line.source(),
                line.domain(), null, line.textHash())).toList());
        byte[] bytes = jsonl("mix-", lines.stream().map(line -> new Line(line.id(), line.source(), line.domain(),
                line.domainScore() == null ? null : Math.round(line.domainScore() * 1e4) / 1e4, line.textHash()))
                .toList()).bytes();
        return new Manifest(selection.mixtureId(), bytes);
    }

    /** The removals of a suite's deduplication, in the order they were decided. */
    public static Manifest renderRemoved(List<Removed> removed) {
        return jsonl("dups-", removed.stream().map(r -> new Removed(r.id(), r.source(), r.reason(), r.keptId(),
                Math.round(r.cosine() * 1e6) / 1e6)).toList());
    }

    private static Manifest jsonl(String prefix, List<?> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Object line : lines) {
                out.write(Json.MAPPER.writeValueAsBytes(line));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        return new Manifest(prefix + HexFormat.of().formatHex(sha256(bytes), 0, 8), bytes);
    }

    /** Where the manifest of this id is, written or not. */
    public Path pathOf(String mixtureId) {
        return directory.resolve(mixtureId + ".jsonl");
    }

    /**
     * Writes the manifest unless a file of its name is there already (the same bytes, by its name).
     *
     * @throws IOException when the sink cannot be written; nothing is left under the manifest's name
     */
    public Path write(Manifest manifest) throws IOException {
        Path target = pathOf(manifest.mixtureId());
        if (Files.isRegularFile(target) && Files.size(target) == manifest.bytes().length) {
            return target;
        }
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + manifest.mixtureId() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(manifest.bytes()));
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the sink " + directory + " cannot rename files atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
