package io.fathom.datasets;

import io.fathom.contracts.request.SplitNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/** The train/dev/test scheme every generated task shares: seeded per split, class-balanced, shuffled. */
public final class Splits {

    public static final List<String> NAMES = SplitNames.ALL;

    /** Makes one example with a given label; what it may use of its split is bound when it is created. */
    @FunctionalInterface
    public interface SplitSampler<T> {
        Function<String, T> forSplit(int split, SplittableRandom random);
    }

    private Splits() {
    }

    /**
     * For each split, {@code size / labels} examples per label from a random seeded by
     * {@code seed}, the split and {@code salt} (so tasks of one family differ), then shuffled.
     */
    public static <T> List<T> balanced(List<String> labels, Sizes sizes, long seed, int salt, SplitSampler<T> sampler) {
        List<T> all = new ArrayList<>();
        for (int split = 0; split < NAMES.size(); split++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + split * 7919L + salt);
            Function<String, T> sample = sampler.forSplit(split, random);
            int perLabel = sizes.of(split) / labels.size();
            List<T> examples = new ArrayList<>();
            for (String label : labels) {
                for (int i = 0; i < perLabel; i++) {
                    examples.add(sample.apply(label));
                }
            }
            Collections.shuffle(examples, new Random(random.nextLong()));
            all.addAll(examples);
        }
        return all;
    }

    /** Every third value, starting at {@code split}: disjoint vocabularies for train, dev and test. */
    public static <T> List<T> partition(List<T> values, int split) {
        return IntStream.range(0, values.size()).filter(i -> i % 3 == split).mapToObj(values::get).toList();
    }
}
