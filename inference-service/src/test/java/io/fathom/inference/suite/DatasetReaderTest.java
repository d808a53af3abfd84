package io.fathom.inference.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.contracts.request.CorpusExample;
import io.fathom.contracts.request.DatasetRef;
import io.fathom.inference.domain.WorkItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    @TempDir
    Path dir;

    /** The defaults, with the test's directory as the only root. */
    private DatasetFiles.Limits roots() {
        return new DatasetFiles.Limits(Optional.of(List.of(dir.toString())), 134_217_728, 2_000_000, 1_000_000,
                Duration.ofSeconds(30));
    }

    @Test
    void readsSentEvalLinesWithSplitsAndLimits() throws Exception {
        Path file = Files.writeString(dir.resolve("sentlen.txt"), "tr\t3\tOne two three.\nva\t1\tHi.\nte\t2\tTwo words.\n");
        List<WorkItem> items = DatasetReader.read("s", new DatasetRef(file.toString(), "senteval", 2), roots());
        assertThat(items).extracting(WorkItem::id, WorkItem::split, WorkItem::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("L1", "train", "3"),
                        org.assertj.core.groups.Tuple.tuple("L2", "dev", "1"));
    }

    @Test
    void namesTheLineAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"fine\"}\n{\"text\": \"x\", \"split\": \"val\"}\n");
        assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(file.toString(), "jsonl", null), roots()))
                .hasMessageContaining("line 2").hasMessageContaining("train, dev or test");
        Path noTabs = Files.writeString(dir.resolve("bad.txt"), "tr 1 spaces instead of tabs\n");
        assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(noTabs.toString(), "senteval", null),
                roots())).hasMessageContaining("line 1").hasMessageContaining("3 tab-separated fields");
        Path leaky = Files.writeString(dir.resolve("leaky.jsonl"), "{\"text\": \"fine\"}\nroot:x:0:0:secret-token\n");
        assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(leaky.toString(), "jsonl", null),
                roots())).hasMessageContaining("line 2: not valid JSON").hasMessageNotContaining("root")
                .hasMessageNotContaining("secret");
        // a file named by mistake or malice: its first token must not reach the error result
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0\tbin\t/bin/bash\n");
        for (String format : List.of("jsonl", "senteval")) {
            assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(passwd.toString(), format, null),
                    roots())).as(format).hasMessageContaining("line 1").hasMessageNotContaining("root")
                    .hasMessageNotContaining("bash");
        }
        assertThatThrownBy(() -> DatasetReader.readCorpus(new DatasetRef(passwd.toString(), "jsonl", null), roots()))
                .hasMessageContaining("line 1").hasMessageNotContaining("root").hasMessageNotContaining("bash");
        Path badSplit = Files.writeString(dir.resolve("split.jsonl"), "{\"text\": \"x\", \"split\": \"hunter2\"}\n");
        assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(badSplit.toString(), "jsonl", null), roots()))
                .hasMessageContaining("train, dev or test").hasMessageNotContaining("hunter2");
    }

    @Test
    void staysInsideTheConfiguredRoots() throws Exception {
        Path inside = Files.writeString(dir.resolve("ok.jsonl"), "{\"text\": \"fine\"}\n");
        DatasetFiles.Limits roots = roots();
        assertThat(DatasetReader.read("s", new DatasetRef(inside.toUri().toString(), "jsonl", null), roots)).hasSize(1);
        assertThatThrownBy(() -> DatasetReader.read("s", new DatasetRef(dir.resolve("../../etc/passwd").toString(),
                "senteval", null), roots)).hasMessageContaining("outside the dataset directories");
    }

    @Test
    void readsCorpusExamplesWithTheirIdsOrLineNumbers() throws Exception {
        Path file = Files.writeString(dir.resolve("corpus.jsonl"), """
                {"id": "a", "text": "Plain text.", "source": "ignored"}

                {"instruction": "Say hi.", "response": "Hi!"}
                {"text": "Beyond the limit."}
                """);
        assertThat(DatasetReader.readCorpus(new DatasetRef(file.toString(), "jsonl", 2), roots()))
                .containsExactly(new CorpusExample("a", "Plain text.", null, null),
                        new CorpusExample("L3", null, "Say hi.", "Hi!"));
    }

    @Test
    void namesTheCorpusLineAndFieldButNeverWhatTheLineHolds() throws Exception {
        String secret = "sk-live-0042";
        for (String line : List.of("{\"text\": \"" + secret + "\"", "[\"" + secret + "\"]",
                "{\"text\": \"" + secret + "\"} {\"text\": \"again\"}", "{\"instruction\": \"" + secret + "\"}",
                "{\"text\": \"" + secret + "\", \"response\": \"x\"}", "{\"text\": 42, \"id\": \"" + secret + "\"}",
                "{\"text\": \"   \"}", "{\"id\": \"" + secret + "/x\", \"text\": \"fine\"}")) {
            Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"fine\"}\n\n" + line + "\n");
            assertThatThrownBy(() -> DatasetReader.readCorpus(new DatasetRef(file.toString(), "jsonl", null),
                    roots())).as(line).hasMessageStartingWith(file + " line 3: ")
                    .hasMessageNotContaining(secret);
        }
        Path file = Files.writeString(dir.resolve("corpus.txt"), "tr\t1\tA sentence.\n");
        assertThatThrownBy(() -> DatasetReader.readCorpus(new DatasetRef(file.toString(), "senteval", null),
                roots())).hasMessageContaining("corpus datasets are JSONL");
    }
}
