package io.fathom.datamix;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.CorpusEvents.Example;
import io.fathom.testsupport.EmbeddedKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A suite past {@code max-examples-per-suite} is bounded: one error names the bound, the rest is counted. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(DatamixBoundsTest.SmallSuites.class)
class DatamixBoundsTest {

    public static class SmallSuites implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fathom.datamix.max-examples-per-suite", "50");
        }
    }

    @Test
    void examplesPastTheBoundAreLeftOutWithOneErrorAndTheRestIsMixed() {
        List<Example> corpus = new ArrayList<>(CorpusEvents.source("faq", true, null, 30, 0, 0, 1));
        corpus.addAll(CorpusEvents.source("chat", false, null, 30, 0, 0, 2));
        Suite suite = CorpusEvents.definition("blend", List.of(CorpusEvents.labelled("faq", CorpusSource.IN_DOMAIN),
                CorpusEvents.labelled("chat", CorpusSource.GENERAL)), List.of(0.5), new MixOptions(20, null, null,
                        null));
        DatamixServiceTest.submit("mix-bounded", suite, corpus);
        List<ResultEvent> results = DatamixServiceTest.awaitDone("mix-bounded");

        assertThat(DatamixServiceTest.ofType(results, ErrorEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
            assertThat(e.message()).contains("more than 50 examples").contains("fathom.datamix.max-examples-per-suite");
        });
        CorpusSummary summary = DatamixServiceTest.ofType(results, CorpusSummary.class).get(0);
        assertThat(summary.sources().get("faq").examples() + summary.sources().get("chat").examples()).isEqualTo(50);
        assertThat(DatamixServiceTest.ofType(results, MixtureResult.class)).singleElement()
                .satisfies(m -> assertThat(m.size()).isEqualTo(20));
        ProgressEvent suiteEnd = DatamixServiceTest.ofType(results, ProgressEvent.class).stream()
                .filter(p -> p.model() == null && p.suite() != null).findFirst().orElseThrow();
        assertThat(suiteEnd.done()).isEqualTo(50);
        assertThat(suiteEnd.failed()).isEqualTo(10);
    }
}
