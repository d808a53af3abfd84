package io.fathom.probe;

import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ResultEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hidden-state events with a known signal, as the inference service would send them: layer 0 is
 * noise, layer 1 carries the label weakly, layer 2 strongly; {@code strength} scales the signal so
 * that two models differ.
 */
final class SyntheticStates {

    static final int LAYERS = 3;
    static final int DIM = 8;

    record Item(String id, String label, String split, String text) {
    }

    static List<Item> items(int train, int dev, int test, int classes) {
        List<Item> items = new ArrayList<>();
        int[] sizes = {train, dev, test};
        String[] splits = {"train", "dev", "test"};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < sizes[s]; i++) {
                items.add(new Item(splits[s] + "-" + i, "c" + (i % classes), splits[s],
                        "the caller mentioned item number " + (i % 37) + " word" + (i % 11)));
            }
        }
        return items;
    }

    static byte[] event(String runId, String model, String suite, Item item, double strength, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ item.id().hashCode());
        int label = Integer.parseInt(item.label().substring(1));
        float[] values = new float[LAYERS * DIM];
        for (int layer = 0; layer < LAYERS; layer++) {
            for (int d = 0; d < DIM; d++) {
                double signal = d == label ? strength * layer : 0;
                values[layer * DIM + d] = (float) (random.nextGaussian() + signal);
            }
        }
        return HiddenStateCodec.encode(header(runId, model, suite, item, new int[] {1, LAYERS, DIM}), values);
    }

    static HiddenStateHeader header(String runId, String model, String suite, Item item, int[] shape) {
        return new HiddenStateHeader(SchemaVersion.CURRENT, runId, model, suite, item.id(), item.label(), item.split(),
                item.text(), null, 12, false, List.of("mean"), HiddenStateHeader.DTYPE_FLOAT16, shape, SuiteKind.PROBING);
    }

    /** The marker of a run whose only suite is {@code suite}. */
    static byte[] end(String runId, String model, List<String> models, String suite, long items) {
        return end(runId, model, models, suite, items, List.of(suite));
    }

    static byte[] end(String runId, String model, List<String> models, String suite, long items,
            List<String> runSuites) {
        return new SuiteEnd(SchemaVersion.CURRENT, runId, model, models, suite, SuiteKind.PROBING, "synthetic", items, 0,
                new RunOptions(null, null, null, 7L, null, null),
                runSuites.stream().map(name -> new SuiteRef(name, SuiteKind.PROBING)).toList(), null).toBytes();
    }

    static ResultEvent result(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.MAPPER.readValue(record.value(), ResultEvent.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private SyntheticStates() {
    }
}
