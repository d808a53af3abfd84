package io.fathom.datamix;

import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.DatasetRef;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ResultEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Corpus events as the inference-service publishes them, with embeddings whose domain is known: an
 * in-domain direction and a general one, each example near its domain's direction, plus planted
 * exact duplicates (a repeated text) and near duplicates (a new text, its vector turned by a few
 * degrees). Unlabelled sources mix both domains.
 */
final class CorpusEvents {

    static final int DIM = 64;
    static final String EMBEDDER = "embedder@1";

    /** One example: its source, position, text, vector and the domain it truly has. */
    record Example(String id, String source, int position, String text, float[] vector, boolean inDomain) {
    }

    /** A source of {@code originals} examples, then {@code exact} repeats and {@code near} near copies of earlier ones. */
    static List<Example> source(String name, boolean inDomain, Boolean mixedDomains, int originals, int exact,
            int near, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < originals; i++) {
            boolean domain = mixedDomains != null ? random.nextBoolean() : inDomain;
            examples.add(new Example(name + "/L" + (i + 1), name, i, name + " text number " + i + " " + seed,
                    vector(domain, random), domain));
        }
        for (int i = 0; i < exact; i++) {
            Example copied = examples.get(i);
            int position = examples.size();
            examples.add(new Example(name + "/L" + (position + 1), name, position, "  " + copied.text().toUpperCase()
                    + " ", vector(copied.inDomain(), random), copied.inDomain()));
        }
        for (int i = 0; i < near; i++) {
            Example copied = examples.get(originals - 1 - i);
            int position = examples.size();
            examples.add(new Example(name + "/L" + (position + 1), name, position, "reworded " + copied.text(),
                    turned(copied.vector(), 0.01, random), copied.inDomain()));
        }
        return examples;
    }

    /** Near its domain's direction: cosine about 0.3 between unrelated examples, as sentence embeddings are. */
    static float[] vector(boolean inDomain, SplittableRandom random) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        v[inDomain ? 0 : 1] += 6f;
        return v;
    }

    /** {@code vector} plus a little noise: cosine about 0.99 with it. */
    static float[] turned(float[] vector, double noise, SplittableRandom random) {
        float[] v = vector.clone();
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        double scale = Math.sqrt(norm / DIM) * noise * 10;
        for (int d = 0; d < DIM; d++) {
            v[d] += (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    static byte[] event(String runId, String suite, Example example, String label) {
        HiddenStateHeader header = new HiddenStateHeader(SchemaVersion.CURRENT, runId, EMBEDDER, suite, example.id(),
                label, null, example.text(), Map.of("source", example.source(), "position",
                        Integer.toString(example.position())), 12, false, List.of("mean"),
                HiddenStateHeader.DTYPE_FLOAT16, new int[] {1, 1, DIM}, SuiteKind.CORPUS);
        return HiddenStateCodec.encode(header, example.vector());
    }

    static Suite definition(String suite, List<CorpusSource> sources, List<Double> ratios, MixOptions mix) {
        return new Suite(suite, SuiteKind.CORPUS, null, null, null, null, null, null, null, null, sources, ratios,
                null, mix);
    }

    static CorpusSource labelled(String name, String domain) {
        return new CorpusSource(name, domain, new DatasetRef("/data/" + name + ".jsonl", "jsonl", null), null, null);
    }

    static byte[] end(String runId, Suite definition, long items, long seed) {
        return new SuiteEnd(SchemaVersion.CURRENT, runId, EMBEDDER, List.of(EMBEDDER), definition.name(),
                SuiteKind.CORPUS, "corpus", items, 0, new RunOptions(null, null, null, seed, null, null),
                List.of(new SuiteRef(definition.name(), SuiteKind.CORPUS)), definition).toBytes();
    }

    static ResultEvent result(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.MAPPER.readValue(record.value(), ResultEvent.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private CorpusEvents() {
    }
}
