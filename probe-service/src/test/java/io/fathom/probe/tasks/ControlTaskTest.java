package io.fathom.probe.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ControlTaskTest {

    private final ControlTask control = ControlTask.of(Map.of("past", 700L, "present", 300L), 42);

    @Test
    void aWordTypeAlwaysGetsTheSameLabel() {
        assertThat(ControlTask.keyOf("The agent called back.")).isEqualTo(ControlTask.keyOf("they came BACK"))
                .isEqualTo("back");
        assertThat(ControlTask.keyOf("  Thanks, bye!! ")).isEqualTo("bye");
        assertThat(ControlTask.keyOf("...")).isEmpty();
        assertThat(ControlTask.of(Map.of("past", 700L, "present", 300L), 42).label("week"))
                .isEqualTo(control.label("week"));
    }

    @Test
    void followsTheTasksLabelDistribution() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(control.label("word" + i + " and more"), 1, Integer::sum);
        }
        assertThat(counts.get("past") / 20_000.0).isCloseTo(0.7, Offset.offset(0.02));
        assertThat(counts.get("present") / 20_000.0).isCloseTo(0.3, Offset.offset(0.02));
    }

    @Test
    void dependsOnTheSeedAndNeedsTwoLabels() {
        ControlTask other = ControlTask.of(Map.of("past", 700L, "present", 300L), 7);
        long differing = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> !control.label("w" + i).equals(other.label("w" + i))).count();
        assertThat(differing).isGreaterThan(200);
        assertThatThrownBy(() -> ControlTask.of(Map.of("only", 5L), 1)).hasMessageContaining("at least two labels");
    }
}
