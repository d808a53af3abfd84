package io.fathom.contracts.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.contracts.EventFields;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteOutcomeTest {

    private static SuiteOutcome outcome(String runId, String suite, List<String> runSuites) {
        return SuiteOutcome.of(runId, "probe", suite, ProgressEvent.Status.COMPLETED, 2, 2, 0, runSuites);
    }

    @Test
    void aWellFormedOutcomeReadsBackEqual() {
        SuiteOutcome written = outcome("r1", "s", List.of("s", "t"));
        assertThat(SuiteOutcome.parse(written.toBytes())).isEqualTo(written);
    }

    @Test
    void idsOfAnyLengthAreRefusedBeforeTheyReachAKeyOrALog() {
        String tooLong = "r".repeat(EventFields.MAX_ID_LENGTH + 1);
        assertThatThrownBy(() -> SuiteOutcome.parse(outcome(tooLong, "s", null).toBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runId of 513 characters");
        assertThatThrownBy(() -> SuiteOutcome.parse(outcome("r1", tooLong, null).toBytes()))
                .hasMessageContaining("suite of 513 characters");
        assertThatThrownBy(() -> SuiteOutcome.parse(outcome("r1", "s", List.of("s", tooLong)).toBytes()))
                .hasMessageContaining("runSuites[] of 513 characters");
        assertThatThrownBy(() -> SuiteOutcome.parse(outcome("r1", "s", List.of(" ")).toBytes()))
                .hasMessageContaining("has no runSuites[]");
    }
}
