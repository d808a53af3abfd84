package io.fathom.datamix.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSinkTest {

    static final List<ManifestSink.Line> LINES = List.of(
            new ManifestSink.Line("faq/L1", "faq", "in-domain", 0.91234567, "00ff"),
            new ManifestSink.Line("chat/L9", "chat", "general", null, "0a0b"));

    @Test
    void theIdFollowsTheBytesAndTheFileAppearsWhole(@TempDir Path sink) throws IOException {
        ManifestSink.Manifest manifest = ManifestSink.render(LINES);
        assertThat(new String(manifest.bytes(), StandardCharsets.UTF_8)).isEqualTo("""
                {"id":"faq/L1","source":"faq","domain":"in-domain","domainScore":0.9123,"textHash":"00ff"}
                {"id":"chat/L9","source":"chat","domain":"general","textHash":"0a0b"}
                """);
        assertThat(ManifestSink.render(LINES).mixtureId()).isEqualTo(manifest.mixtureId()).matches("mix-[0-9a-f]{16}");
        assertThat(ManifestSink.render(LINES.subList(0, 1)).mixtureId()).isNotEqualTo(manifest.mixtureId());
        List<ManifestSink.Line> rescored = List.of(new ManifestSink.Line("faq/L1", "faq", "in-domain", 0.9123461,
                "00ff"), LINES.get(1));
        assertThat(ManifestSink.render(rescored).mixtureId()).as("a score's last digits do not rename the mixture")
                .isEqualTo(manifest.mixtureId());

        ManifestSink writer = new ManifestSink(sink.resolve("mixtures"));
        Path written = writer.write(manifest);
        assertThat(written).isEqualTo(sink.resolve("mixtures").resolve(manifest.mixtureId() + ".jsonl"));
        assertThat(Files.readAllBytes(written)).isEqualTo(manifest.bytes());
        assertThat(writer.write(manifest)).isEqualTo(written);
        try (Stream<Path> files = Files.list(sink.resolve("mixtures"))) {
            assertThat(files).as("no temporary file is left").containsExactly(written);
        }
    }

    @Test
    void anUnwritableSinkFailsAndLeavesNothingUnderTheName(@TempDir Path sink) throws IOException {
        Path notADirectory = Files.writeString(sink.resolve("file"), "x");
        ManifestSink writer = new ManifestSink(notADirectory);
        ManifestSink.Manifest manifest = ManifestSink.render(LINES);
        assertThatThrownBy(() -> writer.write(manifest)).isInstanceOf(IOException.class);
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void temporaryFilesAKilledWriterLeftAreSweptOnceStale(@TempDir Path sink) throws IOException {
        Path stale = Files.writeString(sink.resolve(".mix-0123456789abcdef.1234.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(sink.resolve(".mix-fedcba9876543210.5678.tmp"), "in progress");
        Path manifest = Files.writeString(sink.resolve("mix-0123456789abcdef.jsonl"), "{}\n");
        Files.setLastModifiedTime(manifest, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        new ManifestSink(sink);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(manifest).exists();
    }
}
