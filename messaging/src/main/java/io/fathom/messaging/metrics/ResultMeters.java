package io.fathom.messaging.metrics;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.messaging.MessagingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a service has published, counted once the broker acknowledged it, in every service alike:
 * result events by type, error results by code, dead-letter copies; and the evaluation gauges the
 * results carry. Prometheus' job label tells the services apart.
 */
@ApplicationScoped
public class ResultMeters {

    /** The "type" of every result event class, as it is written on the results topic. */
    private static final Map<Class<?>, String> TYPES = Arrays.stream(
            ResultEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private final LabelledCounters results;
    private final LabelledCounters errors;
    private final Counter deadLetters;
    private final EvaluationGauges gauges;

    @Inject
    ResultMeters(MeterRegistry registry, MessagingConfig config) {
        this(registry, config.evaluationSeries());
    }

    public ResultMeters(MeterRegistry registry, int evaluationSeries) {
        this.results = new LabelledCounters(registry, "fathom.results", Tags.empty(), "type", TYPES.values());
        this.errors = new LabelledCounters(registry, "fathom.errors", Tags.empty(), "code",
                Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
        this.deadLetters = registry.counter("fathom.dead.letters");
        this.gauges = new EvaluationGauges(registry, evaluationSeries);
    }

    /** A result event the broker has acknowledged. */
    public void published(ResultEvent event) {
        results.increment(TYPES.get(event.getClass()));
        if (event instanceof ErrorEvent error) {
            errors.increment(error.code().name());
        } else if (event instanceof ProbeLayerResult layer) {
            probe(layer);
        } else if (event instanceof ScoreSummary summary) {
            rubric(summary);
        } else if (event instanceof RobustnessSummary summary) {
            robustness(summary);
        } else if (event instanceof CorpusSummary summary && summary.classifier() != null) {
            gauges.set("fathom.eval.domain.classifier.accuracy", summary.classifier().heldOutAccuracy(),
                    "suite", summary.suite());
        }
    }

    /** A dead-letter copy the broker has acknowledged. */
    public void deadLettered() {
        deadLetters.increment();
    }

    private void probe(ProbeLayerResult layer) {
        String[] tags = {"model", layer.model(), "task", layer.task(), "pooling", layer.pooling(),
                "layer", Integer.toString(layer.layer()), "probe", layer.probe()};
        gauges.set("fathom.eval.probe.accuracy", layer.testAccuracy(), tags);
        if (layer.selectivity() != null) {
            gauges.set("fathom.eval.probe.selectivity", layer.selectivity(), tags);
        }
    }

    private void rubric(ScoreSummary summary) {
        for (ScoreSummary.ModelScores model : summary.models()) {
            for (ScoreSummary.DomainScores domain : model.domains()) {
                String[] tags = {"suite", summary.suite(), "model", model.model(), "domain", domain.domain()};
                gauges.set("fathom.eval.rubric.overall", domain.overall(), tags);
                gauges.set("fathom.eval.acceptable.rate", domain.rate(), tags);
            }
        }
    }

    private void robustness(RobustnessSummary summary) {
        for (RobustnessSummary.ModelRobustness model : summary.models()) {
            model.pdrMean().forEach((metric, pdr) -> gauges.set("fathom.eval.pdr", pdr,
                    "suite", summary.suite(), "model", model.model(), "metric", metric));
        }
    }
}
