package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fathom.contracts.generation.GenerationParameters;
import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.triton.TritonEncoder;
import io.fathom.triton.Generator;
import io.fathom.triton.TritonClient;
import io.fathom.triton.TritonGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The project's Triton model (deploy/triton) in the official Triton image, called by fathom's own
 * client: a tiny public causal LM (sshleifer/tiny-gpt2, 2 layers x 2, fetched from the Hugging Face
 * Hub) on CPU, so that it needs Docker and the network but no GPU. Skipped where there is no Docker
 * (these machines): it has not run here.
 */
class TritonContainerIT {

    static final String TINY_MODEL = "sshleifer/tiny-gpt2";

    @Test
    void theProjectsModelServesHiddenStatesAndTextThroughARealTritonServer() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "Docker is not available here");
        Path repository = Files.createTempDirectory("fathom-triton-models");
        Path model = Files.createDirectories(repository.resolve("tiny/1"));
        Path source = Path.of("../deploy/triton/model_repository/fathom_hf/1");
        for (String file : List.of("model.py", "fathom_pooling.py", "fathom_requests.py")) {
            Files.copy(source.resolve(file), model.resolve(file));
        }
        Files.writeString(repository.resolve("tiny/config.pbtxt"), """
                backend: "python"
                max_batch_size: 8
                dynamic_batching { max_queue_delay_microseconds: 5000 }
                instance_group [{ kind: KIND_CPU, count: 1 }]
                parameters: { key: "hf_model" value: { string_value: "%s" } }
                parameters: { key: "architecture" value: { string_value: "causal" } }
                parameters: { key: "dtype" value: { string_value: "float16" } }
                """.formatted(TINY_MODEL));
        ImageFromDockerfile image = new ImageFromDockerfile("fathom-triton-it", false)
                .withFileFromPath(".", Path.of("../deploy/triton"));
        try (GenericContainer<?> triton = new GenericContainer<>(image).withExposedPorts(8001)
                .withFileSystemBind(repository.toString(), "/models")
                .waitingFor(Wait.forLogMessage(".*Started GRPCInferenceService.*", 1))
                .withStartupTimeout(Duration.ofMinutes(20))) {
            triton.start();
            String address = triton.getHost() + ":" + triton.getMappedPort(8001);
            TritonClient client = new TritonClient("tiny@1", address, new TritonClient.Policy(Duration.ofMinutes(2),
                    4, 3, Duration.ofMillis(200), Duration.ofMinutes(2), 5, Duration.ofSeconds(1)),
                    new SimpleMeterRegistry());
            Map<Pooling, String> outputs = new EnumMap<>(Pooling.class);
            outputs.put(Pooling.MEAN, "hidden_mean");
            outputs.put(Pooling.LAST, "hidden_last");
            try (TritonEncoder encoder = new TritonEncoder("tiny@1", client, "tiny", "", new TritonEncoder.Layout(
                    "text_input", outputs, "token_count", 8, 64, 4, null))) {
                assertThat(encoder.layers()).isEqualTo(3);
                EncodedBatch batch = encoder.encode(List.of("A short text.", "A longer text with more words."),
                        List.of(Pooling.MEAN, Pooling.LAST), 0);
                assertThat(batch.floats(0)).hasSize(2 * encoder.layers() * encoder.dim());
                assertThat(batch.tokenCounts()[1]).isGreaterThan(batch.tokenCounts()[0]);
                try (TritonGenerator generator = new TritonGenerator("tiny@1", client, "tiny", "",
                        TritonGenerator.Convention.FATHOM, "text_input", "text_output", "{prompt}",
                        new GenerationParameters(8, 0.0, null, null, 1L, null, null), 4)) {
                    List<Generator.Generation> answers = generator.generate(List.of("Hello", "The refund"),
                            generator.parameters());
                    assertThat(answers).hasSize(2).allSatisfy(a -> {
                        assertThat(a.completionTokens()).isBetween(0, 8);
                        assertThat(a.finishReason()).isIn("stop", "length");
                    });
                }
            }
        }
    }
}
