package io.fathom.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ResultEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scored suites as the inference-service publishes them on fathom.generations (definition, recorded
 * answers, generation-end markers, then the embedder's vectors and marker), with embeddings whose
 * similarities are known.
 */
final class ScoredSuites {

    static final String EMBEDDER = "embedder@1";
    static final List<ModelRef> MODELS = List.of(new ModelRef("base", null), new ModelRef("tuned", null));
    static final int DIM = 16;

    private ScoredSuites() {
    }

    static byte[] event(String runId, String suite, String itemId, SuiteKind kind, float[] lastLayer) {
        float[] values = new float[2 * lastLayer.length]; // two layers; the last one counts
        System.arraycopy(lastLayer, 0, values, lastLayer.length, lastLayer.length);
        return HiddenStateCodec.encode(new HiddenStateHeader(SchemaVersion.CURRENT, runId, EMBEDDER, suite, itemId,
                null, null, "text", null, 4, false, List.of("mean"), HiddenStateHeader.DTYPE_FLOAT16,
                new int[] {1, 2, lastLayer.length}, kind), values);
    }

    static float[] direction(double... weights) {
        float[] v = new float[4];
        for (int i = 0; i < weights.length; i++) {
            v[i] = (float) weights[i];
        }
        return v;
    }

    /** The embedder's marker of a suite that is its run's only suite. */
    static byte[] end(String runId, Suite suite, long items) {
        return end(runId, suite, items, only(suite));
    }

    static byte[] end(String runId, Suite suite, long items, List<SuiteRef> runSuites) {
        return new SuiteEnd(SchemaVersion.CURRENT, runId, EMBEDDER, List.of(EMBEDDER), suite.name(), suite.kind(),
                suite.task(), items, 0, RunOptions.DEFAULTS, runSuites, null).toBytes();
    }

    private static List<SuiteRef> only(Suite suite) {
        return List.of(new SuiteRef(suite.name(), suite.kind()));
    }

    /** The definition of a suite that is its run's only suite. */
    static SuiteDefinition definition(String runId, Suite suite) {
        return definition(runId, suite, only(suite));
    }

    /** Authors are the run's models that answer in the suite. */
    static SuiteDefinition definition(String runId, Suite suite, List<SuiteRef> runSuites) {
        List<String> authors = MODELS.stream().map(ModelRef::id)
                .filter(m -> suite.responses().stream().anyMatch(r -> r.model().equals(m))).toList();
        return new SuiteDefinition(SchemaVersion.CURRENT, runId, suite.name(), suite.kind(), suite.withoutResponses(),
                MODELS, RunOptions.DEFAULTS, authors, suite.kind() == SuiteKind.QUESTIONS ? EMBEDDER : null, runSuites);
    }

    static GenerationEvent answer(String runId, Suite suite, PrecomputedResponse r) {
        return new GenerationEvent(SchemaVersion.CURRENT, runId, r.model(), suite.name(), r.questionId(),
                r.templateId(), "prompt", r.answer(), GenerationEvent.Source.RECORDED, null, null, null, null, null,
                null);
    }

    /** Every record of a suite that is its run's only suite, in the order the inference-service sends them. */
    static List<byte[]> run(String runId, Suite suite) {
        return run(runId, suite, only(suite));
    }

    static List<byte[]> run(String runId, Suite suite, List<SuiteRef> runSuites) {
        SuiteDefinition definition = definition(runId, suite, runSuites);
        List<byte[]> records = new ArrayList<>();
        records.add(GenerationRecords.toBytes(definition));
        suite.responses().forEach(r -> records.add(GenerationRecords.toBytes(answer(runId, suite, r))));
        for (String author : definition.authors()) {
            long count = suite.responses().stream().filter(r -> r.model().equals(author)).count();
            records.add(GenerationRecords.toBytes(new GenerationEnd(SchemaVersion.CURRENT, runId, author,
                    suite.name(), count, 0)));
        }
        if (definition.embedder() != null) {
            List<byte[]> embeddings = embeddings(runId, suite);
            records.addAll(embeddings);
            records.add(end(runId, suite, embeddings.size(), runSuites));
        }
        return records;
    }

    static ResultEvent result(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, ResultEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} questions, each answered by both models: the tuned model's answer lies close to the
     * reference, the base model's does not.
     */
    static Suite questions(String name, int n) {
        List<Question> questions = new ArrayList<>();
        List<PrecomputedResponse> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "q" + i;
            questions.add(new Question(id, i % 2 == 0 ? "in-domain" : "general", "topic" + i % 3, "Question " + i
                    + "?", "The reference answer to question " + i + " has several words.", null, null));
            answers.add(new PrecomputedResponse("base", id, null, "Something else " + i + "."));
            answers.add(new PrecomputedResponse("tuned", id, null, "The reference answer to question " + i + "."));
        }
        return new Suite(name, SuiteKind.QUESTIONS, null, null, null, null, null, questions, null, null, null, null,
                answers, null);
    }

    /** A relation-extraction suite under a seen and an unseen template, answered by the tuned model. */
    static Suite instructions(String name) {
        List<JsonNode> items = List.of(Json.MAPPER.valueToTree(new InstructionItem("a", "Ana works for Lumen.", null,
                null, List.of(new InstructionItem.Triple("Ana", "works_for", "Lumen")))));
        return new Suite(name, SuiteKind.INSTRUCTIONS, null, "re", items, null, null, null, null, List.of(
                new InstructionTemplate("seen", "Extract triples: {input}", true),
                new InstructionTemplate("unseen", "{input} ... relations?", false)), null, null, List.of(
                new PrecomputedResponse("tuned", "a", "seen", "Ana | works_for | Lumen"),
                new PrecomputedResponse("tuned", "a", "unseen", "Ana | employed_by | Lumen")), null);
    }

    /** The embedding events of a {@link #questions} suite, references first, then the answers in order. */
    static List<byte[]> embeddings(String runId, Suite suite) {
        List<byte[]> events = new ArrayList<>();
        for (Question question : suite.questions()) {
            events.add(event(runId, suite.name(), ScoringTexts.reference(question.id()), SuiteKind.QUESTIONS,
                    vector(question.id(), 0)));
        }
        for (int i = 0; i < suite.responses().size(); i++) {
            PrecomputedResponse answer = suite.responses().get(i);
            float[] v = answer.model().equals("tuned") ? vector(answer.questionId(), 0.2) : vector("off" + i, 0);
            events.add(event(runId, suite.name(), answerText(answer), SuiteKind.QUESTIONS, v));
        }
        return events;
    }

    /** The item id of an answer's embedding. */
    static String answerText(PrecomputedResponse r) {
        return ScoringTexts.answer(GenerationEvent.answerId(r.model(), r.questionId(), r.templateId()));
    }

    /** A fixed random direction per seed, with {@code noise} added from a second fixed stream. */
    private static float[] vector(String seed, double noise) {
        SplittableRandom base = new SplittableRandom(seed.hashCode());
        SplittableRandom jitter = new SplittableRandom(seed.hashCode() * 31L + 7);
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) (base.nextGaussian() + noise * jitter.nextGaussian());
        }
        return v;
    }
}
