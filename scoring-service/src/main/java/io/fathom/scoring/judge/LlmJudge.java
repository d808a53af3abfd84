package io.fathom.scoring.judge;

import io.fathom.contracts.request.Question;
import io.fathom.scoring.rubric.Category;
import io.fathom.scoring.rubric.RubricSpec;
import io.fathom.triton.BackendException;
import io.fathom.triton.Generator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades with a judge model through the generation path ({@link Generator}, a model served by Triton): one prompt per rubric category
 * (so a judge weighs one thing at a time, on that category's own scale), the verdict read strictly
 * from the last line ({@link Verdicts}). An unreadable verdict fails the answer; it is never turned
 * into a default score. Pairwise comparisons ask twice with the answers swapped, so a judge that
 * prefers whichever answer comes first cancels out.
 */
public final class LlmJudge {

    public static final String NAME = "llm";

    private final Generator generator;

    public LlmJudge(Generator generator) {
        this.generator = generator;
    }

    /**
     * Scores every category of {@code rubric}, normalised to 0-1.
     *
     * @throws UnparseableVerdictException naming the category whose verdict could not be read
     */
    public Judgement judge(RubricSpec rubric, Question question, String answer) {
        List<String> prompts = new ArrayList<>();
        for (Category category : rubric.categories()) {
            prompts.add(categoryPrompt(category, question, answer));
        }
        List<String> outputs = ask(prompts);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            Category category = rubric.categories().get(i);
            try {
                scores.put(category.name(), category.toUnit(Verdicts.score(outputs.get(i), category.min(),
                        category.max())));
            } catch (UnparseableVerdictException e) {
                throw new UnparseableVerdictException("category '" + category.name() + "': " + e.getMessage());
            }
        }
        return new Judgement(scores, List.of("judged by " + generator.id()));
    }

    /** The judge's completions, one per prompt, with its own sampling settings. */
    private List<String> ask(List<String> prompts) {
        List<String> outputs = generator.generate(prompts, generator.parameters()).stream()
                .map(Generator.Generation::text).toList();
        if (outputs.size() != prompts.size()) {
            throw new BackendException("judge " + generator.id() + " returned " + outputs.size()
                    + " completions for " + prompts.size() + " prompts", null);
        }
        return outputs;
    }

    static String categoryPrompt(Category category, Question question, String answer) {
        StringBuilder prompt = new StringBuilder();
        prompt.append("You grade one answer on one criterion.\n\n");
        prompt.append("Criterion: ").append(category.name()).append(": ").append(category.description()).append('\n');
        prompt.append("Scale: ").append(number(category.min())).append(" (worst) to ").append(number(category.max()))
                .append(" (best).\n\n");
        prompt.append("Question:\n").append(question.question()).append("\n\n");
        if (question.reference() != null) {
            prompt.append("Reference answer:\n").append(question.reference()).append("\n\n");
        }
        if (question.keyPoints() != null && !question.keyPoints().isEmpty()) {
            prompt.append("Key points a complete answer covers:\n");
            question.keyPoints().forEach(point -> prompt.append("- ").append(point).append('\n'));
            prompt.append('\n');
        }
        prompt.append("Answer to grade:\n").append(answer).append("\n\n");
        prompt.append("Explain your reasoning briefly. Then end with one last line holding only the verdict, ")
                .append("in the form Score: <number between ").append(number(category.min())).append(" and ")
                .append(number(category.max())).append(">.");
        return prompt.toString();
    }

    /** A pairwise verdict: who won with A shown first, who won with B shown first, and the combined winner. */
    public record Pairwise(String aFirst, String bFirst, String winner, boolean consistent) {
    }

    /**
     * Compares two answers in both orders. The winner is the answer preferred in both; anything else
     * (a split, each order preferring the answer shown in the same place, or a preference in one order
     * and a tie in the other) is a tie, marked inconsistent unless both orders said tie.
     */
    public Pairwise compare(Question question, String answerA, String answerB) {
        List<String> outputs = ask(List.of(pairPrompt(question, answerA, answerB),
                pairPrompt(question, answerB, answerA)));
        String aFirst = Verdicts.winner(outputs.get(0));
        String bFirstRaw = Verdicts.winner(outputs.get(1));
        // in the second prompt the first answer shown (A) is answer B
        String bFirst = switch (bFirstRaw) {
            case "A" -> "B";
            case "B" -> "A";
            default -> "tie";
        };
        // a preference that the other order does not repeat (a split, or a tie there) is no win
        boolean consistent = aFirst.equals(bFirst);
        String winner = consistent ? aFirst : "tie";
        return new Pairwise(aFirst, bFirst, winner, consistent);
    }

    static String pairPrompt(Question question, String first, String second) {
        return "You compare two answers to the same question and pick the better one overall.\n\n"
                + "Question:\n" + question.question() + "\n\n"
                + (question.reference() == null ? "" : "Reference answer:\n" + question.reference() + "\n\n")
                + "Answer A:\n" + first + "\n\nAnswer B:\n" + second + "\n\n"
                + "Explain briefly. Then end with one last line holding only the verdict, in the form "
                + "Winner: A, Winner: B or Winner: tie.";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
