package io.fathom.scoring.ingest;

import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.MalformedHiddenStateException;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.messaging.SuiteHandler;
import io.fathom.messaging.UnitId;
import io.fathom.messaging.UnusableRecordException;
import io.fathom.scoring.config.ScoringConfig;
import io.fathom.scoring.service.SuiteScoring;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scoring-service's part of consuming fathom.hidden-states: the embeddings of a questions
 * suite's texts are kept in memory (one vector per text), and the suite is graded from its
 * suite-end marker, which carries its definition (questions, rubric, templates, answers).
 * Instructions suites have no embeddings and are graded from the marker alone.
 */
@ApplicationScoped
public class ScoringSuites implements SuiteHandler<ScoringSuites.Suite> {

    /** A suite being collected: its texts' vectors by item id; null for a text whose embedding was unusable. */
    public static final class Suite {
        final UnitId id;
        final Map<String, float[]> vectors = new HashMap<>();

        Suite(UnitId id) {
            this.id = id;
        }
    }

    private final ScoringConfig config;
    private final MeterRegistry metrics;
    private final SuiteScoring scoring;

    ScoringSuites(ScoringConfig config, MeterRegistry metrics, SuiteScoring scoring) {
        this.config = config;
        this.metrics = metrics;
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
    public Suite open(UnitId suite) {
        return new Suite(suite);
    }

    @Override
    public boolean add(Suite suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report) {
        if (suite.vectors.containsKey(header.itemId())) {
            return false;
        }
        HiddenStateEvent event;
        try {
            event = HiddenStateCodec.decode(value);
        } catch (MalformedHiddenStateException e) {
            throw new UnusableRecordException(header.runId(), ErrorCode.MALFORMED_PAYLOAD, e.getMessage());
        }
        float[] vector = lastLayer(event);
        suite.vectors.put(header.itemId(), vector);
        if (vector == null) {
            metrics.counter("fathom.scoring.embeddings", "outcome", "rejected").increment();
            report.accept(ErrorEvent.of(header.runId(), service(), ErrorCode.NON_FINITE_OUTPUT, header.suite() + "/"
                    + header.itemId(), "the embedding of text '" + header.itemId() + "' of suite '" + header.suite()
                    + "' holds NaN or infinite values; it is judged without similarity", List.of()));
        } else {
            metrics.counter("fathom.scoring.embeddings", "outcome", "stored").increment();
        }
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

    /** Grades the suite from its marker (a scored suite has one: the embedder's). */
    @Override
    public SuiteResult complete(Suite suite, Map<String, SuiteEnd> ends) {
        SuiteEnd end = ends.values().iterator().next();
        List<ResultEvent> results = scoring.score(end, suite.vectors::get);
        long graded = results.stream().filter(r -> r instanceof ScoreItem).count();
        long rejected = results.stream().filter(r -> r instanceof ErrorEvent).count();
        metrics.counter("fathom.scoring.answers", "outcome", "graded").increment(graded);
        metrics.counter("fathom.scoring.answers", "outcome", "rejected").increment(rejected);
        int answers = end.definition().responses() == null ? 0 : end.definition().responses().size();
        return new SuiteResult(results, ProgressEvent.Status.COMPLETED, answers, SuiteScoring.answersScored(results),
                rejected);
    }

    @Override
    public void release(Suite suite) {
        suite.vectors.clear();
    }
}
