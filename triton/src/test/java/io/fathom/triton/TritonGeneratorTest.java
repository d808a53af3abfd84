package io.fathom.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.generation.GenerationParameters;
import io.fathom.triton.BackendException;
import io.fathom.triton.Generator;
import io.fathom.triton.grpc.ModelInferRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation in the three conventions through real gRPC: what the client sends is what each
 * convention expects (checked on the request the server received), and what comes back is read
 * into answers with their token counts and finish reasons.
 */
class TritonGeneratorTest {

    static final GenerationParameters SAMPLING = new GenerationParameters(64, 0.0, 0.9, 40, 7L, List.of("\n\n"),
            "cc-lora");
    static final String TEMPLATE = "<s>[INST] {prompt} [/INST]";

    static TritonGenerator generator(FakeTriton server, String model, TritonGenerator.Convention convention,
            GenerationParameters defaults) {
        TritonClient client = new TritonClient("gen@1", server.address(), new TritonClient.Policy(Duration.ofSeconds(10),
                3, 2, Duration.ofMillis(50), Duration.ofSeconds(5), 3, Duration.ofMillis(200)),
                new SimpleMeterRegistry());
        TritonGenerator generator = new TritonGenerator("gen@1", client, model, "", convention, "text_input",
                "text_output", TEMPLATE, defaults, 3);
        generator.check();
        return generator;
    }

    static FakeTriton server() throws Exception {
        FakeTriton server = new FakeTriton(null, "FP16").serving("vllm_model", "ensemble").start(0);
        server.answers((model, prompt) -> model + " says: " + prompt.length());
        return server;
    }

    static String json(ModelInferRequest request, String input) {
        for (int i = 0; i < request.getInputsCount(); i++) {
            if (request.getInputs(i).getName().equals(input)) {
                return Tensors.strings(request.getRawInputContents(i), null, 1).get(0);
            }
        }
        throw new AssertionError("no input " + input);
    }

    static ByteBuffer raw(ModelInferRequest request, String input) {
        for (int i = 0; i < request.getInputsCount(); i++) {
            if (request.getInputs(i).getName().equals(input)) {
                return request.getRawInputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new AssertionError("no input " + input);
    }

    @Test
    void theProjectsConventionSendsParametersAndReadsCountsAndReasons() throws Exception {
        try (FakeTriton server = server();
                TritonGenerator generator = generator(server, FakeTriton.MODEL, TritonGenerator.Convention.FATHOM,
                        SAMPLING)) {
            List<Generator.Generation> answers = generator.generate(List.of("What is a tort?", "Define lien."),
                    SAMPLING);
            String framed = TEMPLATE.replace("{prompt}", "What is a tort?");
            assertThat(answers).extracting(Generator.Generation::text).containsExactly(
                    FakeTriton.MODEL + " says: " + framed.length(),
                    FakeTriton.MODEL + " says: " + TEMPLATE.replace("{prompt}", "Define lien.").length());
            assertThat(answers.get(0).promptTokens()).isEqualTo(framed.split(" ").length);
            assertThat(answers.get(0).completionTokens()).isEqualTo(3);
            assertThat(answers.get(0).finishReason()).isEqualTo("stop");
            var parameters = server.lastRequest().getParametersMap();
            assertThat(parameters.get("max_tokens").getInt64Param()).isEqualTo(64);
            assertThat(parameters.get("seed").getInt64Param()).isEqualTo(7);
            assertThat(parameters.get("top_p").getDoubleParam()).isEqualTo(0.9);
            assertThat(parameters.get("lora_name").getStringParam()).isEqualTo("cc-lora");
            assertThat(server.lastRequest().getInputs(0).getShapeList()).containsExactly(2L, 1L);
        }
    }

    @Test
    void theVllmConventionStreamsOnePromptPerRequestWithSamplingParametersAsJson() throws Exception {
        try (FakeTriton server = server();
                TritonGenerator generator = generator(server, "vllm_model", TritonGenerator.Convention.VLLM,
                        SAMPLING)) {
            List<String> prompts = List.of("one", "two two", "three three three", "four");
            List<Generator.Generation> answers = generator.generate(prompts, SAMPLING);
            assertThat(server.requests()).isEqualTo(4);
            for (int i = 0; i < prompts.size(); i++) {
                String framed = TEMPLATE.replace("{prompt}", prompts.get(i));
                assertThat(answers.get(i).text()).as("in prompt order").isEqualTo("vllm_model says: " + framed.length());
                assertThat(answers.get(i).promptTokens()).isEqualTo(framed.split(" ").length);
                assertThat(answers.get(i).finishReason()).isEqualTo("length");
            }
            JsonNode sampling = Json.MAPPER.readTree(json(server.lastRequest(), "sampling_parameters"));
            assertThat(sampling.get("max_tokens").asInt()).isEqualTo(64);
            assertThat(sampling.get("seed").asLong()).isEqualTo(7);
            assertThat(sampling.get("lora_name").asText()).isEqualTo("cc-lora");
            assertThat(sampling.get("stop").get(0).asText()).isEqualTo("\n\n");
            assertThat(raw(server.lastRequest(), "exclude_input_in_output").get()).isEqualTo((byte) 1);
            assertThat(raw(server.lastRequest(), "stream").get()).isEqualTo((byte) 0);
            server.failOn("two");
            assertThatThrownBy(() -> generator.generate(prompts, SAMPLING)).isInstanceOf(BackendException.class)
                    .hasMessageContaining("model raised");
        }
    }

    @Test
    void theTensorRtLlmConventionSendsSamplingAsTensorsAndTheAdapterAsATaskId() throws Exception {
        GenerationParameters withTask = new GenerationParameters(32, 0.5, null, null, 11L, null, "3");
        try (FakeTriton server = server();
                TritonGenerator generator = generator(server, "ensemble", TritonGenerator.Convention.TENSORRT_LLM,
                        withTask)) {
            List<Generator.Generation> answers = generator.generate(List.of("a", "b", "c"), withTask);
            assertThat(answers).hasSize(3).allSatisfy(a -> assertThat(a.text()).startsWith("ensemble says: "));
            assertThat(answers.get(0).completionTokens()).as("the ensemble does not count").isNull();
            ModelInferRequest sent = server.lastRequest();
            assertThat(raw(sent, "max_tokens").getInt()).isEqualTo(32);
            assertThat(raw(sent, "temperature").getFloat()).isEqualTo(0.5f);
            assertThat(raw(sent, "random_seed").getLong()).isEqualTo(11);
            assertThat(raw(sent, "lora_task_id").getLong()).isEqualTo(3);
            assertThat(sent.getInputsList()).noneMatch(t -> t.getName().equals("top_p"));
            GenerationParameters named = new GenerationParameters(32, 0.5, null, null, 11L, null, "cc-lora");
            assertThatThrownBy(() -> generator.generate(List.of("a"), named)).isInstanceOf(BackendException.class)
                    .hasMessageContaining("lora_task_id");
        }
    }
}
