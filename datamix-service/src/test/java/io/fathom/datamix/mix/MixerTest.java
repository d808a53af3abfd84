package io.fathom.datamix.mix;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixerTest {

    static final List<String> SOURCES = List.of("faq", "manuals", "chat", "web");

    /** 300 faq and 200 manuals examples in-domain, 400 chat and 100 web examples general. */
    static List<Mixer.Candidate> corpus(long seed) {
        List<Mixer.Candidate> candidates = new ArrayList<>();
        int[] sizes = {300, 200, 400, 100};
        int index = 0;
        for (int s = 0; s < SOURCES.size(); s++) {
            for (int i = 0; i < sizes[s]; i++) {
                String id = SOURCES.get(s) + "/" + i;
                candidates.add(new Mixer.Candidate(index++, SOURCES.get(s), s < 2, StableHash.of(seed, id)));
            }
        }
        return candidates;
    }

    static List<Mixer.Candidate> chosen(Mixer.Draw draw) {
        assertThat(draw).isInstanceOf(Mixer.Drawn.class);
        return ((Mixer.Drawn) draw).chosen();
    }

    @Test
    void ratiosAreMetExactlyWhereTheSizeAllows() {
        for (double ratio : new double[] {0, 0.1, 0.25, 0.5, 0.75, 1}) {
            List<Mixer.Candidate> chosen = chosen(Mixer.draw(corpus(1), SOURCES, ratio, 400, null));
            assertThat(chosen).hasSize(400).doesNotHaveDuplicates();
            assertThat(chosen.stream().filter(Mixer.Candidate::inDomain).count()).as("ratio " + ratio)
                    .isEqualTo(Math.round(ratio * 400));
        }
        // 0.333 of 10 rounds to 3 in-domain examples: the achieved ratio is the nearest a whole count gives
        assertThat(chosen(Mixer.draw(corpus(1), SOURCES, 0.333, 10, null)).stream()
                .filter(Mixer.Candidate::inDomain).count()).isEqualTo(3);
    }

    @Test
    void weightsDivideEachDomainsShareByLargestRemainder() {
        List<Mixer.Candidate> chosen = chosen(Mixer.draw(corpus(1), SOURCES, 0.5, 100,
                Map.of("faq", 2.0, "manuals", 1.0, "chat", 1.0, "web", 0.0)));
        // in-domain 50 split 2:1 -> 33.33 and 16.67 -> 33 + 17; general 50 all chat (web weighs 0)
        assertThat(chosen.stream().filter(c -> c.source().equals("faq")).count()).isEqualTo(33);
        assertThat(chosen.stream().filter(c -> c.source().equals("manuals")).count()).isEqualTo(17);
        assertThat(chosen.stream().filter(c -> c.source().equals("chat")).count()).isEqualTo(50);
        assertThat(chosen.stream().filter(c -> c.source().equals("web")).count()).isZero();

        List<Mixer.Candidate> byWeightsAlone = chosen(Mixer.draw(corpus(1), SOURCES, null, 90,
                Map.of("faq", 1.0, "web", 2.0)));
        assertThat(byWeightsAlone.stream().filter(c -> c.source().equals("faq")).count()).isEqualTo(30);
        assertThat(byWeightsAlone.stream().filter(c -> c.source().equals("web")).count()).isEqualTo(60);
    }

    @Test
    void whatCannotBeDrawnIsRefusedWithTheNumbers() {
        Mixer.Draw tooMany = Mixer.draw(corpus(1), SOURCES, 0.9, 1000, null);
        assertThat(tooMany).isInstanceOfSatisfying(Mixer.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.NOT_ENOUGH_EXAMPLES);
            assertThat(r.message()).contains("900 in-domain").contains("there are 500 in-domain and 500 general");
        });
        Mixer.Draw sourceTooSmall = Mixer.draw(corpus(1), SOURCES, 0.5, 400, Map.of("faq", 1.0, "web", 1.0,
                "chat", 0.0));
        assertThat(sourceTooSmall).isInstanceOfSatisfying(Mixer.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.NOT_ENOUGH_EXAMPLES);
            assertThat(r.message()).contains("'web' has to give 200").contains("it has 100");
        });
        Mixer.Draw zero = Mixer.draw(corpus(1), SOURCES, 0.5, 10, Map.of("chat", 0.0, "web", 0.0, "faq", 1.0));
        assertThat(zero).isInstanceOfSatisfying(Mixer.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_MIX);
            assertThat(r.message()).contains("sum to zero").contains("chat").contains("web");
        });
        Mixer.Draw infinite = Mixer.draw(corpus(1), SOURCES, null, 10, Map.of("faq", Double.MAX_VALUE,
                "web", Double.MAX_VALUE));
        assertThat(infinite).isInstanceOfSatisfying(Mixer.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.INVALID_MIX);
            assertThat(r.message()).contains("finite");
        });
    }

    @Test
    void theDrawFollowsTheSeedNotTheArrivalOrderAndGrowsByAddingExamples() {
        List<Mixer.Candidate> ordered = corpus(7);
        List<Mixer.Candidate> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(3));
        List<Mixer.Candidate> a = chosen(Mixer.draw(ordered, SOURCES, 0.3, 200, null));
        assertThat(chosen(Mixer.draw(shuffled, SOURCES, 0.3, 200, null))).containsExactlyElementsOf(a);
        assertThat(chosen(Mixer.draw(ordered, SOURCES, 0.3, 400, null))).containsAll(a);
        assertThat(chosen(Mixer.draw(corpus(8), SOURCES, 0.3, 200, null)).stream().map(Mixer.Candidate::index)
                .toList()).isNotEqualTo(a.stream().map(Mixer.Candidate::index).toList());
    }
}
