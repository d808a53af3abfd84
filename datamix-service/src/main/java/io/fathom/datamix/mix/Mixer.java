package io.fathom.datamix.mix;

import io.fathom.contracts.result.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws one mixture from the examples left after deduplication. With a ratio r and size n it takes
 * round(r n) in-domain and the rest general examples; with per-source weights as well, each
 * domain's share is divided among the sources that have examples of that domain in proportion to
 * their weights; with weights alone, the whole size is. Shares are whole numbers by largest
 * remainder (ties to the earlier source). Within a share the examples with the lowest
 * {@link Candidate#rank} are taken, and the mixture is listed in rank order, so it depends on the
 * seed and the examples, not on the order they arrived in, and a larger size only adds examples.
 */
public final class Mixer {

    /** An example that may be drawn: its store index, source, domain and rank (a seeded hash of its id). */
    public record Candidate(int index, String source, boolean inDomain, long rank) {
    }

    /** The outcome of a draw: the chosen candidates in rank order, or why none could be drawn. */
    public sealed interface Draw permits Drawn, Refused {
    }

    public record Drawn(List<Candidate> chosen) implements Draw {
    }

    public record Refused(ErrorCode code, String message) implements Draw {
    }

    private static final Comparator<Candidate> BY_RANK = Comparator.comparingLong(Candidate::rank)
            .thenComparingInt(Candidate::index);

    private Mixer() {
    }

    /**
     * @param sources every source name in request order (the tie-break of shares)
     * @param ratio the in-domain share, or null to draw by {@code weights} alone
     * @param weights per-source weights (absent sources weigh 0), or null
     */
    public static Draw draw(List<Candidate> candidates, List<String> sources, Double ratio, int size,
            Map<String, Double> weights) {
        List<Candidate> chosen = new ArrayList<>();
        if (ratio == null) {
            Refused refused = takeBySource(candidates, sources, size, weights, "the mixture", chosen);
            if (refused != null) {
                return refused;
            }
        } else {
            long inDomain = Math.round(ratio * size);
            List<Candidate> inPool = candidates.stream().filter(Candidate::inDomain).toList();
            List<Candidate> generalPool = candidates.stream().filter(c -> !c.inDomain()).toList();
            if (inPool.size() < inDomain || generalPool.size() < size - inDomain) {
                return new Refused(ErrorCode.NOT_ENOUGH_EXAMPLES, "ratio " + ratio + " of " + size + " examples needs "
                        + inDomain + " in-domain and " + (size - inDomain) + " general examples; after deduplication"
                        + " there are " + inPool.size() + " in-domain and " + generalPool.size() + " general");
            }
            for (boolean domain : new boolean[] {true, false}) {
                List<Candidate> pool = domain ? inPool : generalPool;
                int share = (int) (domain ? inDomain : size - inDomain);
                String what = "the " + (domain ? "in-domain" : "general") + " share at ratio " + ratio;
                Refused refused = weights == null ? takeLowest(pool, share, chosen)
                        : takeBySource(pool, sources, share, weights, what, chosen);
                if (refused != null) {
                    return refused;
                }
            }
        }
        chosen.sort(BY_RANK);
        return new Drawn(chosen);
    }

    private static Refused takeLowest(List<Candidate> pool, int count, List<Candidate> chosen) {
        chosen.addAll(pool.stream().sorted(BY_RANK).limit(count).toList());
        return null;
    }

    private static Refused takeBySource(List<Candidate> pool, List<String> sources, int count,
            Map<String, Double> weights, String what, List<Candidate> chosen) {
        if (count == 0) {
            return null;
        }
        Map<String, List<Candidate>> bySource = new LinkedHashMap<>();
        for (String source : sources) {
            List<Candidate> of = pool.stream().filter(c -> c.source().equals(source)).toList();
            if (!of.isEmpty()) {
                bySource.put(source, of);
            }
        }
        double total = bySource.keySet().stream().mapToDouble(s -> weights.getOrDefault(s, 0.0)).sum();
        if (!(total > 0)) {
            return new Refused(ErrorCode.INVALID_MIX, "the weights of the sources that can fill " + what + " "
                    + bySource.keySet() + " sum to zero");
        }
        if (!Double.isFinite(total)) { // the schema caps each weight; this guards callers that skip it
            return new Refused(ErrorCode.INVALID_MIX, "the weights of the sources that can fill " + what + " "
                    + bySource.keySet() + " do not sum to a finite number");
        }
        Map<String, Integer> shares = largestRemainder(bySource.keySet().stream().toList(), weights, total, count);
        for (Map.Entry<String, Integer> share : shares.entrySet()) {
            List<Candidate> of = bySource.get(share.getKey());
            if (of.size() < share.getValue()) {
                return new Refused(ErrorCode.NOT_ENOUGH_EXAMPLES, "source '" + share.getKey() + "' has to give "
                        + share.getValue() + " examples to " + what + " of " + count + "; after deduplication it has "
                        + of.size());
            }
            takeLowest(of, share.getValue(), chosen);
        }
        return null;
    }

    private static Map<String, Integer> largestRemainder(List<String> sources, Map<String, Double> weights,
            double total, int count) {
        Map<String, Integer> shares = new LinkedHashMap<>();
        double[] remainders = new double[sources.size()];
        int given = 0;
        for (int i = 0; i < sources.size(); i++) {
            double exact = count * weights.getOrDefault(sources.get(i), 0.0) / total;
            int whole = (int) Math.floor(exact);
            shares.put(sources.get(i), whole);
            remainders[i] = exact - whole;
            given += whole;
        }
        for (; given < count; given++) {
            int best = 0;
            for (int i = 1; i < sources.size(); i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares.merge(sources.get(best), 1, Integer::sum);
            remainders[best] = -1;
        }
        return shares;
    }
}
