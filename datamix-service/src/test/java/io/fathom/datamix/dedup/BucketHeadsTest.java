package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketHeadsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 12, 20})
    void eachKeyHasItsNewestOrdinalAndEachPushReturnsThePreviousOne(int keyBits) {
        // with 12 bits the table starts sparse and turns into the array indexed by key on the way
        BucketHeads heads = new BucketHeads(keyBits);
        Map<Integer, Integer> newest = new HashMap<>();
        SplittableRandom random = new SplittableRandom(keyBits);
        for (int ordinal = 0; ordinal < 20_000; ordinal++) {
            int key = random.nextInt(1 << keyBits);
            Integer previous = newest.put(key, ordinal);
            assertThat(heads.push(key, ordinal)).isEqualTo(previous == null ? BucketHeads.NONE : previous);
            if (ordinal % 997 == 0) {
                newest.forEach((k, o) -> assertThat(heads.head(k)).isEqualTo(o));
            }
        }
        newest.forEach((k, o) -> assertThat(heads.head(k)).isEqualTo(o));
        for (int key = 0; key < Math.min(1 << keyBits, 1 << 14); key++) {
            assertThat(heads.head(key)).isEqualTo(newest.getOrDefault(key, BucketHeads.NONE));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31})
    void rejectsKeyWidthsItCannotIndex(int keyBits) {
        assertThatThrownBy(() -> new BucketHeads(keyBits)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 20})
    void rejectsKeysWiderThanItsBits(int keyBits) {
        BucketHeads heads = new BucketHeads(keyBits);
        assertThatThrownBy(() -> heads.push(1 << keyBits, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> heads.push(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
