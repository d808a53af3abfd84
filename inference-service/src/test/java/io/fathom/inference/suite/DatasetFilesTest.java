package io.fathom.inference.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.inference.suite.DatasetReader.DatasetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {

    @TempDir
    Path dir;

    private static DatasetFiles.Limits limits(List<String> roots, long maxBytes, int maxLines, int maxLineChars,
            Duration timeout) {
        return new DatasetFiles.Limits(Optional.of(roots), maxBytes, maxLines, maxLineChars, timeout);
    }

    private DatasetFiles.Limits inDir() {
        return limits(List.of(dir.toString()), 1000, 10, 20, Duration.ofSeconds(30));
    }

    private static List<String> readAll(String uri, DatasetFiles.Limits limits) throws DatasetException {
        List<String> lines = new ArrayList<>();
        try (DatasetFiles.Lines reader = DatasetFiles.open(uri, limits)) {
            for (String line; (line = reader.next()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static DatasetException refusal(String uri, DatasetFiles.Limits limits) {
        // a FIFO or device opened by mistake would block or never end: the refusal must come at once
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> catchThrowableOfType(DatasetException.class, () -> readAll(uri, limits)));
    }

    @Test
    void readsLinesOfARegularFileInARoot() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "one\r\ntwo\n\nlast without end");
        assertThat(readAll(file.toUri().toString(), inDir())).containsExactly("one", "two", "", "last without end");
    }

    @Test
    void withoutRootsNothingIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "one\n");
        DatasetException e = refusal(file.toString(), new DatasetFiles.Limits(Optional.empty(), 1000, 10, 20,
                Duration.ofSeconds(30)));
        assertThat(e.code()).isEqualTo(ErrorCode.DATASET_FORBIDDEN);
        assertThat(e).hasMessageContaining("fathom.inference.dataset-roots");
    }

    @Test
    void onlyRegularFilesAreRead() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        DatasetException device = refusal("/dev/zero", limits(List.of("/dev"), 1000, 10, 20, Duration.ofSeconds(30)));
        assertThat(device.code()).isEqualTo(ErrorCode.DATASET_FORBIDDEN);
        assertThat(device).hasMessageContaining("not a regular file (a device, FIFO or socket)");

        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        DatasetException pipe = refusal(fifo.toString(), inDir());
        assertThat(pipe.code()).isEqualTo(ErrorCode.DATASET_FORBIDDEN);
        assertThat(pipe).hasMessageContaining("not a regular file");

        Files.createDirectory(dir.resolve("sub"));
        assertThat(refusal(dir.resolve("sub").toString(), inDir())).hasMessageContaining("a directory");
    }

    @Test
    void linksAreResolvedBeforeTheRootCheck(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "token\n");
        Path escape = Files.createSymbolicLink(dir.resolve("escape.txt"), secret);
        DatasetException e = refusal(escape.toString(), inDir());
        assertThat(e.code()).isEqualTo(ErrorCode.DATASET_FORBIDDEN);
        assertThat(e).hasMessageContaining("outside the dataset directories").hasMessageNotContaining("token");
        assertThat(refusal(dir.resolve("../" + outside.getFileName() + "/secret.txt").toString(), inDir()).code())
                .isEqualTo(ErrorCode.DATASET_FORBIDDEN);

        Path inside = Files.writeString(dir.resolve("inside.txt"), "fine\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), inside);
        assertThat(readAll(link.toString(), inDir())).containsExactly("fine");
        // a root that is itself a link holds what its target holds
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("root-link"), dir);
        assertThat(readAll(linkedRoot.resolve("inside.txt").toString(),
                limits(List.of(linkedRoot.toString()), 1000, 10, 20, Duration.ofSeconds(30)))).containsExactly("fine");
    }

    @Test
    void sizeIsBoundedBeforeAndWhileReading() throws Exception {
        Path big = Files.writeString(dir.resolve("big.txt"), "x\n".repeat(600));
        DatasetException before = refusal(big.toString(), inDir());
        assertThat(before.code()).isEqualTo(ErrorCode.DATASET_TOO_LARGE);
        assertThat(before).hasMessageContaining("1200 bytes, over the limit of 1000 bytes")
                .hasMessageContaining("fathom.inference.dataset-max-bytes");
        // procfs files say they are empty and are not: the bound holds as they are read
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/status")));
        DatasetException growing = refusal("/proc/self/status", limits(List.of("/proc"), 16, 1000, 1000,
                Duration.ofSeconds(30)));
        assertThat(growing.code()).isEqualTo(ErrorCode.DATASET_TOO_LARGE);
        assertThat(growing).hasMessageContaining("more than the limit of 16 bytes");
    }

    @Test
    void linesLineLengthAndTimeAreBounded() throws Exception {
        Path many = Files.writeString(dir.resolve("many.txt"), "a\n".repeat(11));
        assertThat(refusal(many.toString(), inDir())).hasMessageContaining("limit of 10 lines")
                .hasMessageContaining("fathom.inference.dataset-max-lines");
        assertThat(readAll(Files.writeString(dir.resolve("ten.txt"), "a\n".repeat(10)).toString(), inDir())).hasSize(10);

        Path longLine = Files.writeString(dir.resolve("long.txt"), "fine\n" + "y".repeat(21) + "\n");
        DatasetException tooLong = refusal(longLine.toString(), inDir());
        assertThat(tooLong.code()).isEqualTo(ErrorCode.DATASET_TOO_LARGE);
        assertThat(tooLong).hasMessageContaining("line 2: longer than the limit of 20 characters")
                .hasMessageContaining("fathom.inference.dataset-max-line-chars").hasMessageNotContaining("yyy");
        Path endless = Files.writeString(dir.resolve("endless.txt"), "z".repeat(900));
        assertThat(refusal(endless.toString(), inDir())).hasMessageContaining("line 1: longer than");
        assertThat(readAll(Files.writeString(dir.resolve("exact.txt"), "y".repeat(20) + "\r\n").toString(), inDir()))
                .containsExactly("y".repeat(20));

        DatasetException late = refusal(many.toString(), limits(List.of(dir.toString()), 1000, 10, 20, Duration.ZERO));
        assertThat(late.code()).isEqualTo(ErrorCode.DATASET_TOO_LARGE);
        assertThat(late).hasMessageContaining("fathom.inference.dataset-read-timeout");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedByLine() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), "ok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DatasetException e = refusal(file.toString(), inDir());
        assertThat(e.code()).isEqualTo(ErrorCode.DATASET_UNREADABLE);
        assertThat(e).hasMessageContaining("not valid UTF-8");
    }
}
