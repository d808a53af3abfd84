package io.fathom.messaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ScoreSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyTypeAndCodeExistsFromTheStartAndCountsWhatWasPublished() {
        ResultMeters meters = new ResultMeters(registry, 100);
        assertThat(registry.get("fathom.results").counters()).hasSize(9);
        assertThat(registry.get("fathom.errors").counters()).hasSize(ErrorCode.values().length)
                .allSatisfy(c -> assertThat(c.count()).isZero());

        meters.published(ErrorEvent.of("r", "probe", ErrorCode.WRONG_SHAPE, "s", "m", List.of()));
        meters.published(ErrorEvent.of("r", "probe", ErrorCode.WRONG_SHAPE, "t", "m", List.of()));
        meters.deadLettered();

        assertThat(registry.get("fathom.errors").tag("code", "WRONG_SHAPE").counter().count()).isEqualTo(2);
        assertThat(registry.get("fathom.errors").tag("code", "UNKNOWN_MODEL").counter().count()).isZero();
        assertThat(registry.get("fathom.results").tag("type", "error").counter().count()).isEqualTo(2);
        assertThat(registry.get("fathom.dead.letters").counter().count()).isEqualTo(1);
    }

    @Test
    void evaluationGaugesHoldTheLatestResultWithinTheSeriesCap() {
        ResultMeters meters = new ResultMeters(registry, 3);
        meters.published(layer("m1", 0, 0.61, 0.2));
        meters.published(layer("m1", 0, 0.72, null)); // a later run of the same layer replaces the value
        assertThat(registry.get("fathom.eval.probe.accuracy").tag("model", "m1").tag("layer", "0").gauge().value())
                .isEqualTo(0.72);
        assertThat(registry.get("fathom.eval.probe.selectivity").gauge().value()).isCloseTo(0.2, within(1e-12));

        meters.published(ScoreSummary.of("r", "qa", "rubric", 3.0, List.of("accuracy"), List.of(
                new ScoreSummary.ModelScores("m1", null, List.of(new ScoreSummary.DomainScores("general", 10, 7, 0,
                        0.7, 0.4, 0.9, 3.5, Map.of("accuracy", 3.5))))), List.of(), List.of()));
        assertThat(registry.get("fathom.eval.rubric.overall").tag("domain", "general").gauge().value()).isEqualTo(3.5);

        // two probe series and the rubric series fill the cap of 3: the acceptable rate and later layers are dropped
        meters.published(layer("m1", 1, 0.8, null));
        assertThat(registry.find("fathom.eval.acceptable.rate").gauge()).isNull();
        assertThat(registry.find("fathom.eval.probe.accuracy").tag("layer", "1").gauge()).isNull();
        assertThat(registry.get("fathom.eval.series.dropped").counter().count()).isEqualTo(2);
    }

    private static ProbeLayerResult layer(String model, int layer, double accuracy, Double selectivity) {
        return ProbeLayerResult.of("r", model, "senteval", "tense", "mean", layer, "linear", accuracy, accuracy - 0.05,
                accuracy + 0.05, accuracy, 0.5, selectivity == null ? null : 0.9,
                selectivity == null ? null : accuracy - selectivity, 0.01, 2, 100, 20, 20);
    }
}
