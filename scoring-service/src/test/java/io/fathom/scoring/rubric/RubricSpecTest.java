package io.fathom.scoring.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Rubric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RubricSpecTest {

    private static Rubric.Category category(String name, Double weight) {
        return new Rubric.Category(name, null, weight, null);
    }

    @Test
    void theDefaultRubricHasTheEightCategoriesEquallyWeighted() {
        RubricSpec spec = RubricSpec.resolve(null, null);
        assertThat(spec.names()).containsExactly("clarity", "accuracy", "completeness", "conciseness", "safety",
                "specificity", "consideration", "politeness");
        assertThat(spec.threshold()).isEqualTo(RubricSpec.DEFAULT_THRESHOLD);
        assertThat(RubricSpec.resolve(null, 0.8).threshold()).isEqualTo(0.8);
    }

    @Test
    void badRubricsAreRejectedWithEveryProblemNamed() {
        assertThatThrownBy(() -> RubricSpec.resolve(new Rubric("neg", null, List.of(category("accuracy", -1.0),
                category("clarity", 1.0))), null))
                .isInstanceOf(RubricException.class).hasMessageContaining("'accuracy' has weight -1.0");
        assertThatThrownBy(() -> RubricSpec.resolve(new Rubric("zero", null, List.of(category("accuracy", 0.0),
                category("clarity", 0.0))), null))
                .hasMessageContaining("sum to 0.0");
        RubricException many = (RubricException) org.assertj.core.api.Assertions.catchThrowable(() ->
                RubricSpec.resolve(new Rubric("many", 1.5, List.of(
                        new Rubric.Category("humour", null, 1.0, null),
                        new Rubric.Category("accuracy", null, 1.0, new Rubric.Scale(5, 1)),
                        category("clarity", 1.0), category("clarity", 2.0))), null));
        assertThat(many.details()).hasSize(4).anySatisfy(d -> assertThat(d).contains("threshold 1.5"))
                .anySatisfy(d -> assertThat(d).contains("'humour' is not built in, so it needs a description"))
                .anySatisfy(d -> assertThat(d).contains("scale [5.0, 1.0]"))
                .anySatisfy(d -> assertThat(d).contains("'clarity' appears twice"));
    }

    @Test
    void customCategoriesWithDescriptionsAndScalesAreAccepted() {
        RubricSpec spec = RubricSpec.resolve(new Rubric("cc-qa", 0.6, List.of(
                new Rubric.Category("empathy", "Acknowledges the customer's feelings.", 2.0, new Rubric.Scale(1, 5)),
                category("accuracy", 1.0))), null);
        assertThat(spec.category("empathy").toScale(0.5)).isEqualTo(3.0);
        assertThat(spec.category("empathy").toUnit(5)).isEqualTo(1.0);
        assertThat(spec.category("accuracy").description()).isEqualTo(BuiltinCategories.DESCRIPTIONS.get("accuracy"));
    }

    @Test
    void questionWeightsOverrideAndRenormaliseOverTheCategoriesThatApply() {
        RubricSpec spec = RubricSpec.resolve(new Rubric("r", null, List.of(category("accuracy", 2.0),
                category("clarity", 1.0), category("safety", 1.0))), null);
        Question question = new Question("q", "in-domain", null, "?", "ref", null, Map.of("safety", 5.0));
        Map<String, Double> scores = new LinkedHashMap<>(Map.of("accuracy", 1.0, "clarity", 0.5, "safety", 0.0));
        // raw weights 2, 1, 5 -> 0.25, 0.125, 0.625; overall 0.25 * 1 + 0.125 * 0.5 + 0 = 0.3125
        Map<String, Double> weights = spec.effectiveWeights(question, scores);
        assertThat(weights).containsEntry("accuracy", 0.25).containsEntry("clarity", 0.125).containsEntry("safety", 0.625);
        assertThat(RubricSpec.overall(weights, scores)).isCloseTo(0.3125, Offset.offset(1e-12));
        // accuracy not scored (no reference): its weight moves; 1 and 5 -> 1/6 and 5/6
        scores.remove("accuracy");
        Map<String, Double> moved = spec.effectiveWeights(question, scores);
        assertThat(moved).doesNotContainKey("accuracy");
        assertThat(moved.get("clarity")).isCloseTo(1.0 / 6, Offset.offset(1e-12));
        assertThat(moved.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, Offset.offset(1e-12));
    }

    @Test
    void badQuestionWeightsNameTheQuestion() {
        RubricSpec spec = RubricSpec.defaults(null);
        assertThatThrownBy(() -> spec.checkOverrides(new Question("q7", null, null, "?", null, null,
                Map.of("humour", 1.0)))).hasMessageContaining("question 'q7'").hasMessageContaining("'humour'");
        assertThatThrownBy(() -> spec.checkOverrides(new Question("q8", null, null, "?", null, null,
                Map.of("accuracy", -2.0)))).hasMessageContaining("weight -2.0");
        Map<String, Double> allZero = new LinkedHashMap<>();
        spec.names().forEach(n -> allZero.put(n, 0.0));
        assertThatThrownBy(() -> spec.checkOverrides(new Question("q9", null, null, "?", null, null, allZero)))
                .hasMessageContaining("sum to 0.0");
    }
}
