package io.fathom.scoring.rubric;

import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Rubric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated rubric: categories with non-negative default weights that do not all vanish, scales
 * with {@code min < max}, and an acceptability threshold on the overall 0-1 score.
 *
 * <p>Dynamic weights: a question may override any category's weight; categories the judge did not
 * score for an answer (e.g. one a rescoring rubric adds) drop out, and the rest are renormalised
 * to sum to one ({@link #effectiveWeights}).
 *
 * <p>Acceptability ({@link #acceptable}): the overall score at or above the threshold, and, where
 * accuracy or completeness carries weight, the mean of those that do at or above
 * {@value #SUBSTANCE_FLOOR}: a wrong or empty answer stays unacceptable however polite, clear and
 * short it is.
 */
public record RubricSpec(String name, double threshold, List<Category> categories) {

    public static final double DEFAULT_THRESHOLD = 0.7;
    public static final String DEFAULT_NAME = "fathom-8";
    /** The least mean of accuracy and completeness (those weighted) an acceptable answer needs. */
    public static final double SUBSTANCE_FLOOR = 0.5;
    private static final List<String> SUBSTANCE = List.of(BuiltinCategories.ACCURACY, BuiltinCategories.COMPLETENESS);

    /** The eight built-in categories, equally weighted, on 0-1. */
    public static RubricSpec defaults(Double threshold) {
        List<Category> categories = new ArrayList<>();
        BuiltinCategories.DESCRIPTIONS.forEach((name, description) ->
                categories.add(new Category(name, description, 1.0, 0, 1)));
        return new RubricSpec(DEFAULT_NAME, threshold == null ? DEFAULT_THRESHOLD : threshold, categories);
    }

    /**
     * Validates a requested rubric (null: the default one). {@code thresholdOverride} (the run's
     * options) wins over the rubric's own threshold.
     *
     * @throws RubricException listing every problem at once
     */
    public static RubricSpec resolve(Rubric rubric, Double thresholdOverride) {
        Double threshold = thresholdOverride != null ? thresholdOverride : rubric == null ? null : rubric.threshold();
        List<String> problems = new ArrayList<>();
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            problems.add("threshold " + threshold + " is outside 0-1 (it applies to the overall score, which is 0-1)");
        }
        if (rubric == null) {
            if (!problems.isEmpty()) {
                throw new RubricException(problems.get(0), problems);
            }
            return defaults(threshold);
        }
        List<Category> categories = new ArrayList<>();
        Set<String> names = new HashSet<>();
        double sum = 0;
        for (Rubric.Category requested : rubric.categories()) {
            String name = requested.name();
            if (!names.add(name)) {
                problems.add("category '" + name + "' appears twice");
                continue;
            }
            double weight = requested.weight() == null ? 1.0 : requested.weight();
            if (!Double.isFinite(weight) || weight < 0) {
                problems.add("category '" + name + "' has weight " + weight + "; weights must be finite and >= 0");
                continue;
            }
            double min = requested.scale() == null ? 0 : requested.scale().min();
            double max = requested.scale() == null ? 1 : requested.scale().max();
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                problems.add("category '" + name + "' has scale [" + min + ", " + max + "]; it needs min < max");
                continue;
            }
            String description = requested.description() != null ? requested.description()
                    : BuiltinCategories.DESCRIPTIONS.get(name);
            if (description == null) {
                problems.add("category '" + name + "' is not built in, so it needs a description");
                continue;
            }
            sum += weight;
            categories.add(new Category(name, description, weight, min, max));
        }
        if (problems.isEmpty() && !(sum > 0)) {
            problems.add("the category weights sum to " + sum + "; at least one must be positive");
        }
        if (!problems.isEmpty()) {
            throw new RubricException("rubric '" + nameOf(rubric) + "': " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
        }
        return new RubricSpec(nameOf(rubric), threshold == null ? DEFAULT_THRESHOLD : threshold,
                List.copyOf(categories));
    }

    private static String nameOf(Rubric rubric) {
        return rubric.name() == null ? "custom" : rubric.name();
    }

    public List<String> names() {
        return categories.stream().map(Category::name).toList();
    }

    public Category category(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Checks a question's weight overrides against this rubric.
     *
     * @throws RubricException naming the question and the bad weights
     */
    public void checkOverrides(Question question) {
        if (question.weights() == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        double sum = 0;
        for (Category category : categories) {
            Double override = question.weights().get(category.name());
            sum += override == null ? category.weight() : override;
        }
        question.weights().forEach((name, weight) -> {
            if (category(name) == null) {
                problems.add("weight for '" + name + "', which is not a category of rubric '" + this.name + "' "
                        + names());
            } else if (weight == null || !Double.isFinite(weight) || weight < 0) {
                problems.add("weight " + weight + " for '" + name + "'; weights must be finite and >= 0");
            }
        });
        if (problems.isEmpty() && !(sum > 0)) {
            problems.add("its weights sum to " + sum + "; at least one must be positive");
        }
        if (!problems.isEmpty()) {
            throw new RubricException("question '" + question.id() + "': " + problems.get(0), problems);
        }
    }

    /**
     * The weights that apply to one answer: the question's overrides over the rubric's defaults,
     * restricted to the categories {@code scored} has, renormalised to sum to one. Empty when none
     * of the weighted categories could be scored.
     */
    public Map<String, Double> effectiveWeights(Question question, Map<String, Double> scored) {
        Map<String, Double> weights = new LinkedHashMap<>();
        double sum = 0;
        for (Category category : categories) {
            if (!scored.containsKey(category.name())) {
                continue;
            }
            Double override = question.weights() == null ? null : question.weights().get(category.name());
            double weight = override == null ? category.weight() : override;
            weights.put(category.name(), weight);
            sum += weight;
        }
        if (!(sum > 0)) {
            return Map.of();
        }
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            entry.setValue(entry.getValue() / sum);
        }
        return weights;
    }

    /**
     * The mean of the answer's accuracy and completeness among those with a positive weight in
     * {@code weights}; null when neither has one (the question does not grade substance).
     */
    public static Double substance(Map<String, Double> weights, Map<String, Double> scores) {
        double sum = 0;
        int count = 0;
        for (String category : SUBSTANCE) {
            if (weights.getOrDefault(category, 0.0) > 0) {
                sum += scores.get(category);
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    /** The acceptability rule (see the class comment); {@code substance} as {@link #substance} gives it. */
    public boolean acceptable(Map<String, Double> weights, double overall, Double substance) {
        return !weights.isEmpty() && overall >= threshold && (substance == null || substance >= SUBSTANCE_FLOOR);
    }

    /** The weighted mean of 0-1 scores under {@code weights} (which sum to one). */
    public static double overall(Map<String, Double> weights, Map<String, Double> scores) {
        double overall = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            overall += weight.getValue() * scores.get(weight.getKey());
        }
        return overall;
    }
}
