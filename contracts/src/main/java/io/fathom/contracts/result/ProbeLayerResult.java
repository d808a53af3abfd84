package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Services;
import java.time.Instant;

/**
 * One probe trained on one layer of one model for one probing suite. Accuracies are fractions;
 * {@code testLow}/{@code testHigh} the Wilson 95% interval of the test accuracy. The control task
 * fields are null when the run asked for no control task.
 *
 * @param probe {@code linear} or {@code mlp}
 * @param regularization the chosen L2 strength: liblinear's C for the linear probe, the weight decay for the MLP
 */
public record ProbeLayerResult(int schemaVersion, String key, String runId, String service, String model,
        String suite, String task, String pooling, int layer, String probe, double testAccuracy, double testLow,
        double testHigh, double devAccuracy, double majorityBaseline, Double controlCeiling, Double controlAccuracy,
        Double selectivity, double regularization, int classes, int trainCount, int devCount, int testCount, Instant at)
        implements ResultEvent {

    public static final String SERVICE = Services.PROBE;

    public static ProbeLayerResult of(String runId, String model, String suite, String task, String pooling, int layer,
            String probe, double testAccuracy, double testLow, double testHigh, double devAccuracy,
            double majorityBaseline, Double controlCeiling, Double controlAccuracy, double regularization,
            int classes, int trainCount, int devCount, int testCount) {
        return new ProbeLayerResult(SchemaVersion.CURRENT, "probe/" + runId + "/" + suite + "/" + model + "/" + pooling
                + "/" + probe + "/" + layer, runId, SERVICE, model, suite, task, pooling, layer, probe, testAccuracy,
                testLow, testHigh, devAccuracy, majorityBaseline, controlCeiling, controlAccuracy,
                controlAccuracy == null ? null : testAccuracy - controlAccuracy, regularization, classes, trainCount,
                devCount, testCount, Instant.now());
    }
}
