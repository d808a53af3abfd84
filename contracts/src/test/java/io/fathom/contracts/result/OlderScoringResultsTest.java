package io.fathom.contracts.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import org.junit.jupiter.api.Test;

/** Scoring results written before truncated, unjudged, missing, pairedItems and the PDR interval existed still read. */
class OlderScoringResultsTest {

    @Test
    void resultsWithoutTheNewFieldsReadAsUntruncatedFullyJudgedAndUnpaired() throws Exception {
        ScoreItem item = (ScoreItem) Json.MAPPER.readValue("""
                {"type": "score-item", "schemaVersion": 1, "key": "k", "runId": "r", "service": "scoring",
                 "suite": "qs", "model": "m", "questionId": "q1", "judge": "reference", "scores": {"accuracy": 1.0},
                 "scaled": {"accuracy": 1.0}, "weights": {"accuracy": 1.0}, "overall": 1.0, "acceptable": true,
                 "notes": []}""", ResultEvent.class);
        assertThat(item.truncated()).isFalse();

        ScoreSummary summary = (ScoreSummary) Json.MAPPER.readValue("""
                {"type": "score-summary", "schemaVersion": 1, "key": "k", "runId": "r", "service": "scoring",
                 "suite": "qs", "rubric": "fathom-8", "threshold": 0.7, "categories": ["accuracy"],
                 "models": [{"model": "m", "domains": [{"domain": "all", "answers": 2, "acceptable": 1, "rate": 0.5,
                   "rateLow": 0.1, "rateHigh": 0.9, "overall": 0.6, "categories": {}}]}],
                 "comparisons": [], "groups": []}""", ResultEvent.class);
        assertThat(summary.models().get(0).domains().get(0).unjudged()).isZero();

        RobustnessSummary robustness = (RobustnessSummary) Json.MAPPER.readValue("""
                {"type": "robustness-summary", "schemaVersion": 1, "key": "k", "runId": "r", "service": "scoring",
                 "suite": "qa", "task": "qa", "metrics": ["f1"],
                 "models": [{"model": "m", "templates": [{"template": "u", "seen": false, "answers": 2,
                   "unparsed": 0, "metrics": {"f1": 0.5}, "pdr": {"f1": 0.5}}],
                   "seenMean": {"f1": 1.0}, "unseenMean": {"f1": 0.5}, "pdrMean": {"f1": 0.5}, "pdrStd": {}}]}""",
                ResultEvent.class);
        RobustnessSummary.ModelRobustness model = robustness.models().get(0);
        assertThat(model.pairedItems()).isZero();
        assertThat(model.pdrLow()).isEmpty();
        assertThat(model.pdrHigh()).isEmpty();
        assertThat(model.templates().get(0).missing()).isZero();
    }
}
