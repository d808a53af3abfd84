package io.fathom.contracts.hidden;

import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.request.CorpusExample;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** What a marker read off the topic must be before a service trusts it. */
class SuiteEndTest {

    static SuiteEnd marker(long items, List<SuiteRef> runSuites) {
        return new SuiteEnd(SchemaVersion.CURRENT, "r", "m@1", List.of("m@1"), "s", SuiteKind.PROBING, "t", items, 0,
                RunOptions.DEFAULTS, runSuites, null);
    }

    @Test
    void aValidMarkerReadsBackEqual() {
        SuiteEnd end = marker(10, List.of(new SuiteRef("s", SuiteKind.PROBING)));
        assertThat(SuiteEnd.parse(end.toBytes())).isEqualTo(end);
    }

    @Test
    void aMarkerIsOneDocument() {
        byte[] one = marker(10, null).toBytes();
        byte[] two = (new String(one, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SuiteEnd.parse(two)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("content after the end of the JSON document");
    }

    @Test
    void countsPastAnySuiteAndBrokenRunSuitesAreRejected() {
        assertThatThrownBy(() -> SuiteEnd.parse(marker(SuiteEnd.MAX_ITEMS + 1, null).toBytes()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SuiteEnd.parse(marker(-1, null).toBytes()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SuiteEnd.parse(marker(1, Arrays.asList(new SuiteRef("s", SuiteKind.PROBING), null))
                .toBytes())).isInstanceOf(MalformedEventException.class).hasMessageContaining("run suite");
        assertThatThrownBy(() -> SuiteEnd.parse(marker(1, List.of(new SuiteRef("other", SuiteKind.PROBING)))
                .toBytes())).isInstanceOf(MalformedEventException.class).hasMessageContaining("runSuites");
    }

    @Test
    void optionsOutsideTheRequestSchemaAreRejected() {
        SuiteEnd end = new SuiteEnd(SchemaVersion.CURRENT, "r", "m@1", List.of("m@1"), "s", SuiteKind.PROBING, "t", 1,
                0, new RunOptions(0, null, null, null, null, null), null, null);
        assertThatThrownBy(() -> SuiteEnd.parse(end.toBytes())).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("batchSize");
    }

    @Test
    void aCorpusMarkerCarriesAValidDefinitionOfItsOwnSuite() {
        Suite corpus = new Suite("s", SuiteKind.CORPUS, null, null, null, null, null, null, null, null,
                List.of(new CorpusSource("a", CorpusSource.GENERAL, null, List.of(new CorpusExample(null, "x", null,
                        null)), null)), List.of(0.5), null, new MixOptions(10, null, null, null));
        SuiteEnd end = corpusMarker(corpus);
        assertThat(SuiteEnd.parse(end.toBytes())).isEqualTo(end);
        assertThatThrownBy(() -> SuiteEnd.parse(corpusMarker(null).toBytes()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("corpus definition");
        Suite withoutMix = new Suite("s", SuiteKind.CORPUS, null, null, null, null, null, null, null, null,
                corpus.sources(), List.of(0.5), null, null);
        assertThatThrownBy(() -> SuiteEnd.parse(corpusMarker(withoutMix).toBytes()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("mix");
        // found by the fuzz campaign: a definition without a name threw NullPointerException
        Suite unnamed = new Suite(null, SuiteKind.CORPUS, null, null, null, null, null, null, null, null,
                corpus.sources(), List.of(0.5), null, corpus.mix());
        assertThatThrownBy(() -> SuiteEnd.parse(corpusMarker(unnamed).toBytes()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("carries the definition of suite 'null'");
    }

    private static SuiteEnd corpusMarker(Suite corpus) {
        return new SuiteEnd(SchemaVersion.CURRENT, "r", "m@1", List.of("m@1"), "s", SuiteKind.CORPUS, "corpus", 1, 0,
                RunOptions.DEFAULTS, List.of(new SuiteRef("s", SuiteKind.CORPUS)), corpus);
    }
}
