package io.fathom.inference;

import io.fathom.triton.BackendException;
import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Encoder;
import io.fathom.inference.backend.ModelCatalog;
import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.ServedModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real embedded models plus "faulty@1": the MiniLM encoder, except that a batch with a text
 * containing BACKEND_DOWN fails as if the backend were unreachable, a text containing NaN comes
 * back with a NaN in its states, and one containing HUGE with a value beyond half precision. Selected only by {@link FaultyModelTest}'s profile.
 */
@Alternative
@ApplicationScoped
public class FaultyModels implements ModelCatalog {

    static final String FAULTY = "faulty@1";

    private final ServedModels real;

    FaultyModels(ServedModels real) {
        this.real = real;
    }

    @Override
    public Map<String, String> knownModels() {
        Map<String, String> known = new TreeMap<>(real.knownModels());
        known.put("faulty", FAULTY);
        return known;
    }

    @Override
    public String resolve(String requested) {
        return requested.equals("faulty") || requested.equals(FAULTY) ? FAULTY : real.resolve(requested);
    }

    @Override
    public Encoder encoder(String id) throws InterruptedException {
        if (!FAULTY.equals(id)) {
            return real.encoder(id);
        }
        Encoder inner = real.encoder("all-minilm-l6-v2@int8");
        return new Encoder() {
            @Override
            public String id() {
                return FAULTY;
            }

            @Override
            public int layers() {
                return inner.layers();
            }

            @Override
            public int dim() {
                return inner.dim();
            }

            @Override
            public int maxTokens() {
                return inner.maxTokens();
            }

            @Override
            public EncodedBatch encode(List<String> texts, List<Pooling> poolings, int maxTokens) {
                if (texts.stream().anyMatch(t -> t.contains("BACKEND_DOWN"))) {
                    throw new BackendException("connection refused (simulated)", null);
                }
                EncodedBatch batch = inner.encode(texts, poolings, maxTokens);
                for (int i = 0; i < texts.size(); i++) {
                    if (texts.get(i).contains("NaN")) {
                        batch.states()[i][5] = Float.NaN;
                    }
                    if (texts.get(i).contains("HUGE")) { // finite in float, infinite in half precision
                        batch.states()[i][7] = 1e5f;
                    }
                }
                return batch;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Map<String, String> loadState() {
        return real.loadState();
    }
}
