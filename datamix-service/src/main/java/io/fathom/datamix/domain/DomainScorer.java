package io.fathom.datamix.domain;

import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.datamix.mix.StableHash;
import io.fathom.datamix.store.CorpusStore;
import io.fathom.training.Features;
import io.fathom.training.LinearProbe;
import io.fathom.training.ProbeData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Gives examples their probability of being in-domain with the probe trainer: a logistic regression
 * on the embeddings, trained on the labelled examples. Two-fold cross-fitting keeps every score out
 * of sample: the examples are split in two folds by a hash of their id, and each fold is scored by
 * the model trained on the other (a fifth of whose examples, again by hash, choose the
 * regularisation strength). So the held-out accuracy is over every labelled example, and the
 * scores of labelled examples are as honest as those of unlabelled ones.
 *
 * <p>Each fold model trains on at most {@link #MAX_TRAINING_VALUES} values (2^25: 87,381 examples of
 * 384 dimensions, 8,192 of 4,096), the labelled examples of the other fold with the lowest hashes,
 * held in memory so that the optimiser's passes do not go to disk; every example is still scored.
 * A domain classifier learns from far fewer examples than a corpus has, and the bound keeps the
 * training time and memory of a ten-million-example corpus those of a small one.
 */
public final class DomainScorer {

    /** Labelled examples each domain needs: fewer leave folds or their dev parts without one of the domains. */
    public static final int MIN_PER_DOMAIN = 10;
    /** Training and dev values one fold model holds in memory: 128 MiB of floats. */
    public static final int MAX_TRAINING_VALUES = 1 << 25;

    /** Per store index the in-domain probability (NaN for examples not asked for), and the classifier's summary. */
    public record Scores(double[] inDomain, CorpusSummary.DomainClassifier classifier) {
    }

    private DomainScorer() {
    }

    /**
     * Scores the examples at {@code indices} of the store; null when the labelled ones among them
     * have fewer than {@link #MIN_PER_DOMAIN} of a domain.
     */
    public static Scores score(CorpusStore store, int[] indices, long seed, int threads) {
        List<Integer> labelled = new ArrayList<>();
        long inDomain = 0;
        for (int index : indices) {
            String label = store.example(index).label();
            if (label != null) {
                labelled.add(index);
                inDomain += CorpusSource.IN_DOMAIN.equals(label) ? 1 : 0;
            }
        }
        long general = labelled.size() - inDomain;
        if (inDomain < MIN_PER_DOMAIN || general < MIN_PER_DOMAIN) {
            return null;
        }
        double[] scores = new double[store.size()];
        Arrays.fill(scores, Double.NaN);
        List<Double> chosenC = new ArrayList<>();
        int maxRows = Math.max(2 * MIN_PER_DOMAIN, MAX_TRAINING_VALUES / store.dim());
        for (int fold = 0; fold < 2; fold++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> dev = new ArrayList<>();
            List<Integer> scored = new ArrayList<>();
            List<Integer> other = new ArrayList<>();
            for (int index : indices) {
                if ((StableHash.of(seed, store.example(index).id()) & 1) == fold) {
                    scored.add(index);
                } else if (store.example(index).label() != null) {
                    other.add(index);
                }
            }
            other.sort(Comparator.comparingLong(i -> StableHash.of(seed, store.example(i).id())));
            for (int index : other.subList(0, Math.min(other.size(), maxRows))) {
                long hash = StableHash.of(seed, store.example(index).id());
                (Long.remainderUnsigned(hash >>> 1, 5) == 0 ? dev : train).add(index);
            }
            if (!bothDomains(store, train) || !bothDomains(store, dev)) {
                return null; // too few labelled examples fell on one side; the hash split is fixed by the seed
            }
            LinearProbe.Fitted fitted = LinearProbe.fit(ProbeData.copyOf(features(store, train)),
                    ProbeData.copyOf(features(store, dev)), LinearProbe.DEFAULT_GRID, threads);
            chosenC.add(fitted.chosenC());
            double[] probabilities = fitted.probabilities(features(store, scored));
            for (int i = 0; i < scored.size(); i++) {
                scores[scored.get(i)] = probabilities[2 * i + 1];
            }
        }
        long correct = 0;
        for (int index : labelled) {
            boolean isInDomain = CorpusSource.IN_DOMAIN.equals(store.example(index).label());
            correct += (scores[index] >= 0.5) == isInDomain ? 1 : 0;
        }
        long unlabelledInDomain = 0;
        long unlabelledGeneral = 0;
        for (int index : indices) {
            if (store.example(index).label() == null) {
                if (scores[index] >= 0.5) {
                    unlabelledInDomain++;
                } else {
                    unlabelledGeneral++;
                }
            }
        }
        return new Scores(scores, new CorpusSummary.DomainClassifier(labelled.size(),
                (double) correct / labelled.size(), (double) Math.max(inDomain, general) / labelled.size(),
                chosenC, unlabelledInDomain, unlabelledGeneral));
    }

    private static boolean bothDomains(CorpusStore store, List<Integer> indices) {
        long inDomain = indices.stream().filter(i -> CorpusSource.IN_DOMAIN.equals(store.example(i).label())).count();
        return inDomain > 0 && inDomain < indices.size();
    }

    /** The stored vectors at {@code indices}, labelled 1 for in-domain, 0 otherwise (unlabelled included, unused). */
    private static Features features(CorpusStore store, List<Integer> indices) {
        int[] labels = indices.stream().mapToInt(i -> CorpusSource.IN_DOMAIN.equals(store.example(i).label()) ? 1 : 0)
                .toArray();
        int dim = store.dim();
        return new Features() {
            @Override
            public int rows() {
                return indices.size();
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int classes() {
                return 2;
            }

            @Override
            public int[] labels() {
                return labels;
            }

            @Override
            public void read(int from, int to, float[] out) {
                float[] row = new float[dim];
                for (int r = from; r < to; r++) {
                    store.read(indices.get(r), row);
                    System.arraycopy(row, 0, out, (r - from) * dim, dim);
                }
            }
        };
    }
}
