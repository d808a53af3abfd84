package io.fathom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.request.SuiteKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzInputsTest {

    static final byte[] EVENT = HiddenStateCodec.encode(new HiddenStateHeader(SchemaVersion.CURRENT, "r", "m@1", "s",
            "i1", "a", "train", "text", null, 3, false, List.of("mean"), HiddenStateHeader.DTYPE_FLOAT16,
            new int[] {1, 2, 4}, SuiteKind.PROBING), new float[8]);
    static final byte[] JSON = "{\"runId\":\"r\",\"count\":3,\"names\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameSeedGivesTheSameInputs() {
        List<FuzzInputs.Input> one = FuzzInputs.generate(List.of(EVENT, JSON), 7, 90);
        List<FuzzInputs.Input> two = FuzzInputs.generate(List.of(EVENT, JSON), 7, 90);
        assertThat(one).hasSize(90);
        for (int i = 0; i < one.size(); i++) {
            assertThat(two.get(i).kind()).isEqualTo(one.get(i).kind());
            assertThat(two.get(i).value()).as("input %d", i).isEqualTo(one.get(i).value());
        }
    }

    @Test
    void everyClassIsCoveredAndNoInputIsTheTemplate() {
        List<FuzzInputs.Input> inputs = FuzzInputs.generate(List.of(EVENT, JSON), 3, FuzzInputs.KINDS.size() * 20);
        assertThat(inputs).extracting(FuzzInputs.Input::kind).containsAll(FuzzInputs.KINDS);
        assertThat(inputs).filteredOn(i -> i.kind().equals("oversized")).allSatisfy(i -> assertThat(i.value().length)
                .isGreaterThan(1 << 20));
        assertThat(inputs).filteredOn(i -> i.kind().equals("mutated-field") || i.kind().equals("absurd-fields"))
                .noneSatisfy(i -> assertThat(i.value()).isIn(EVENT, JSON));
    }
}
