package io.fathom.scoring.ingest;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.messaging.SuiteHandler;
import io.fathom.messaging.UnitId;
import io.fathom.messaging.metrics.LabelledCounters;
import io.fathom.scoring.config.ScoringConfig;
import io.fathom.scoring.service.SuiteScoring;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scoring-service's part of consuming fathom.generations: a scored suite's answers and the
 * embeddings of its texts (questions suites only) are kept in memory, and the suite is graded from
 * its definition once the answers of every author and the embedder's vectors are in.
 */
@ApplicationScoped
public class ScoringSuites implements SuiteHandler<ScoringSuites.Suite> {

    /**
     * A suite being collected: its answers by answer id in arrival order, and its texts' vectors by
     * item id (null for a text whose embedding was unusable).
     */
    public static final class Suite {
        final UnitId id;
        final Map<String, GenerationEvent> answers = new LinkedHashMap<>();
        final Map<String, float[]> vectors = new HashMap<>();

        Suite(UnitId id) {
            this.id = id;
        }
    }

    private final ScoringConfig config;
    private final LabelledCounters embeddings;
    private final LabelledCounters answerOutcomes;
    private final LabelledCounters answersReceived;
    private final SuiteScoring scoring;

    ScoringSuites(ScoringConfig config, MeterRegistry metrics, SuiteScoring scoring) {
        this.config = config;
        this.embeddings = new LabelledCounters(metrics, "fathom.scoring.embeddings", Tags.empty(), "outcome",
                List.of("stored", "rejected"));
        this.answerOutcomes = new LabelledCounters(metrics, "fathom.scoring.answers", Tags.empty(), "outcome",
                List.of("graded", "rejected"));
        this.answersReceived = new LabelledCounters(metrics, "fathom.scoring.answers.received", Tags.empty(),
                "source", List.of("recorded", "generated"));
        this.scoring = scoring;
    }

    @Override
    public String service() {
        return ScoreItem.SERVICE;
    }

    @Override
    public boolean handles(SuiteKind kind) {
        return kind.scored();
    }

    @Override
    public Input input() {
        return Input.GENERATIONS;
    }

    @Override
    public Suite open(UnitId suite) {
        return new Suite(suite);
    }

    @Override
    public boolean add(Suite suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report) {
        if (suite.vectors.containsKey(header.itemId())) {
            return false;
        }
        HiddenStateEvent event = SuiteHandler.decode(header, value);
        float[] vector = lastLayer(event);
        suite.vectors.put(header.itemId(), vector);
        if (vector == null) {
            embeddings.increment("rejected");
            report.accept(ErrorEvent.of(header.runId(), service(), ErrorCode.NON_FINITE_OUTPUT, header.suite() + "/"
                    + header.itemId(), "the embedding of text '" + header.itemId() + "' of suite '" + header.suite()
                    + "' holds NaN or infinite values; it is judged without similarity", List.of()));
        } else {
            embeddings.increment("stored");
        }
        return true;
    }

    @Override
    public boolean addAnswer(Suite suite, GenerationEvent answer, Consumer<ResultEvent> report) {
        if (suite.answers.putIfAbsent(answer.answerId(), answer) != null) {
            return false;
        }
        answersReceived.increment(answer.source().name().toLowerCase(Locale.ROOT));
        return true;
    }

    /** The configured pooling of the last layer, or null when it holds a non-finite value. */
    private float[] lastLayer(HiddenStateEvent event) {
        int pooling = Math.max(0, event.header().poolings().indexOf(config.pooling()));
        float[] vector = event.vector(pooling, event.header().layers() - 1);
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                return null;
            }
        }
        return vector;
    }

    /** Grades the suite from its definition, its answers and its texts' vectors. */
    @Override
    public SuiteResult complete(Suite suite, Markers markers) {
        List<GenerationEvent> answers = List.copyOf(suite.answers.values());
        List<ResultEvent> results = scoring.score(markers.definition(), answers, suite.vectors::get);
        long graded = results.stream().filter(r -> r instanceof ScoreItem).count();
        long rejected = results.stream().filter(r -> r instanceof ErrorEvent).count();
        answerOutcomes.increment("graded", graded);
        answerOutcomes.increment("rejected", rejected);
        long scored = SuiteScoring.answersScored(results);
        // an error may cover several answers (one per ungradable question), so count answers, not errors
        return new SuiteResult(results, ProgressEvent.Status.COMPLETED, answers.size(), scored,
                Math.max(0, answers.size() - scored));
    }

    @Override
    public void release(Suite suite) {
        suite.vectors.clear();
        suite.answers.clear();
    }
}
