package io.fathom.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.RobustnessSummary.ModelRobustness;
import io.fathom.contracts.result.RobustnessSummary.TemplateScore;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Per-template metrics and PDR on a suite small enough to compute by hand. */
class InstructionScorerTest {

    static Suite suite(String task, List<InstructionTemplate> templates, List<InstructionItem> items,
            List<PrecomputedResponse> responses) {
        List<JsonNode> nodes = items.stream().map(i -> (JsonNode) Json.MAPPER.valueToTree(i)).toList();
        return new Suite("s-" + task, SuiteKind.INSTRUCTIONS, null, task, nodes, null, null, null, null, templates,
                null, null, responses, null);
    }

    @Test
    void qaDropRatesMatchTheHandComputedValues() {
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("s1", "Q: {input} C: {context}", true),
                new InstructionTemplate("s2", "{context}\n{input}", true),
                new InstructionTemplate("u1", "yo {input} {context}", false),
                new InstructionTemplate("u2", "{context} => {input}?", false),
                new InstructionTemplate("bad", "Answer the question.", false));
        List<InstructionItem> items = List.of(
                new InstructionItem("i1", "How long?", "Refunds take 30 days.", List.of("30 days"), null),
                new InstructionItem("i2", "Who?", "Ana runs support.", List.of("Ana"), null));
        List<PrecomputedResponse> answers = new ArrayList<>();
        // m: s1 2/2, s2 1/2 (EM), u1 1/2, u2 0/2 with F1 0.8 on i1; seen mean EM 0.75
        answers.add(new PrecomputedResponse("m", "i1", "s1", "30 days"));
        answers.add(new PrecomputedResponse("m", "i2", "s1", "Ana."));
        answers.add(new PrecomputedResponse("m", "i1", "s2", "The 30 days"));
        answers.add(new PrecomputedResponse("m", "i2", "s2", "Bob"));
        answers.add(new PrecomputedResponse("m", "i1", "u1", "30 days"));
        answers.add(new PrecomputedResponse("m", "i2", "u1", "nobody"));
        answers.add(new PrecomputedResponse("m", "i1", "u2", "within 30 days"));
        answers.add(new PrecomputedResponse("m", "i2", "u2", "support"));
        answers.add(new PrecomputedResponse("m", "i1", "bad", "30 days"));
        answers.add(new PrecomputedResponse("ghost", "i1", "s1", "30 days"));
        answers.add(new PrecomputedResponse("m", "i9", "s1", "30 days"));
        answers.add(new PrecomputedResponse("m", "i1", "nope", "30 days"));
        InstructionScorer.Outcome outcome = new InstructionScorer().score("r", suite("qa", templates, items, answers),
                answers, List.of("m"), RunOptions.DEFAULTS);

        assertThat(outcome.errors()).extracting(ErrorEvent::code).containsExactly(ErrorCode.INVALID_TEMPLATE,
                ErrorCode.INVALID_TEMPLATE, ErrorCode.MODEL_NOT_IN_RUN, ErrorCode.UNKNOWN_QUESTION,
                ErrorCode.INVALID_TEMPLATE);
        assertThat(outcome.errors().get(0).message()).contains("template 'bad'").contains("no {input} placeholder");
        RobustnessSummary summary = outcome.summary();
        ModelRobustness m = summary.models().get(0);
        assertThat(m.templates()).extracting(TemplateScore::template).containsExactly("s1", "s2", "u1", "u2");
        assertThat(m.seenMean().get("exact_match")).isEqualTo(0.75);
        TemplateScore u1 = m.templates().get(2);
        TemplateScore u2 = m.templates().get(3);
        // PDR(u1) = 1 - 0.5 / 0.75 = 1/3; PDR(u2) = 1 - 0 / 0.75 = 1
        assertThat(u1.pdr().get("exact_match")).isCloseTo(1.0 / 3, Offset.offset(1e-12));
        assertThat(u2.pdr().get("exact_match")).isEqualTo(1.0);
        assertThat(m.pdrMean().get("exact_match")).isCloseTo(2.0 / 3, Offset.offset(1e-12));
        // sample std of {1/3, 1}: |1 - 1/3| / sqrt(2)
        assertThat(m.pdrStd().get("exact_match")).isCloseTo((2.0 / 3) / Math.sqrt(2), Offset.offset(1e-12));
        // F1: seen (1 + 0.5) / 2 = 0.75 ... s2 has i1 1.0, i2 0.0 -> 0.5; s1 1.0; u2 (0.8 + 0) / 2 = 0.4
        assertThat(u2.metrics().get("f1")).isCloseTo(0.4, Offset.offset(1e-12));
        assertThat(u2.pdr().get("f1")).isCloseTo(1 - 0.4 / 0.75, Offset.offset(1e-12));
    }

    @Test
    void reMicroF1AndRelationAccuracyMatchTheHandComputedValues() {
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("s", "Extract: {input}", true),
                new InstructionTemplate("u", "{input} -> triples?", false));
        List<InstructionItem> items = List.of(
                new InstructionItem("a", "Ana works for Lumen, based in Porto.", null, null, List.of(
                        new InstructionItem.Triple("Ana", "works_for", "Lumen"),
                        new InstructionItem.Triple("Lumen", "headquartered_in", "Porto"))),
                new InstructionItem("b", "Kite acquired Moss.", null, null, List.of(
                        new InstructionItem.Triple("Kite", "acquired", "Moss"))));
        List<PrecomputedResponse> answers = List.of(
                new PrecomputedResponse("m", "a", "s", "Ana | works_for | Lumen\nLumen | headquartered_in | Porto"),
                new PrecomputedResponse("m", "b", "s", "Kite | acquired | Moss"),
                // u: a gets one right and one wrong label; b gets head and tail swapped
                new PrecomputedResponse("m", "a", "u", "Ana | works_for | Lumen\nLumen | located_in | Porto"),
                new PrecomputedResponse("m", "b", "u", "Moss | acquired | Kite"));
        ModelRobustness m = new InstructionScorer().score("r", suite("re", templates, items, answers), answers,
                List.of("m"), RunOptions.DEFAULTS)
                .summary().models().get(0);
        assertThat(m.templates().get(0).metrics()).containsEntry("micro_f1", 1.0).containsEntry("relation_accuracy", 1.0);
        // u: TP 1, predicted 3, gold 3 -> F1 1/3; relation sets equal only for b
        assertThat(m.templates().get(1).metrics().get("micro_f1")).isCloseTo(1.0 / 3, Offset.offset(1e-12));
        assertThat(m.templates().get(1).metrics().get("relation_accuracy")).isEqualTo(0.5);
        assertThat(m.pdrMean().get("micro_f1")).isCloseTo(2.0 / 3, Offset.offset(1e-12));
        // one unseen template: a mean, but no spread to estimate (not a std of 0)
        assertThat(m.pdrStd()).doesNotContainKey("micro_f1");
    }

    @Test
    void unreadableAnswersAreScoredAsWrongAndCountedNotDropped() {
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("s", "Q: {input} C: {context}", true),
                new InstructionTemplate("u", "{context} => {input}?", false));
        List<InstructionItem> items = List.of(
                new InstructionItem("i1", "How long?", "Refunds take 30 days.", List.of("30 days"), null),
                new InstructionItem("i2", "Who?", "Ana runs support.", List.of("Ana"), null));
        List<PrecomputedResponse> answers = List.of(
                new PrecomputedResponse("m", "i1", "s", "Answer: 30 days\nThe policy says so."),
                new PrecomputedResponse("m", "i2", "s", "A: Ana"),
                new PrecomputedResponse("m", "i1", "u", "  \n "),
                new PrecomputedResponse("m", "i2", "u", "Ana"));
        ModelRobustness m = new InstructionScorer().score("r", suite("qa", templates, items, answers), answers,
                List.of("m"), RunOptions.DEFAULTS).summary().models().get(0);
        TemplateScore seen = m.templates().get(0);
        TemplateScore unseen = m.templates().get(1);
        assertThat(seen.unparsed()).isZero();
        assertThat(seen.metrics().get("exact_match")).as("labels and explanations are read past").isEqualTo(1.0);
        assertThat(unseen.answers()).isEqualTo(2);
        assertThat(unseen.unparsed()).isEqualTo(1);
        assertThat(unseen.metrics().get("exact_match")).as("the blank answer counts as wrong").isEqualTo(0.5);

        List<InstructionTemplate> re = List.of(new InstructionTemplate("s", "Extract: {input}", true));
        List<InstructionItem> reItems = List.of(new InstructionItem("a", "Ana works for Lumen.", null, null,
                List.of(new InstructionItem.Triple("Ana", "works_for", "Lumen"))), new InstructionItem("b",
                "It rained.", null, null, List.of()));
        List<PrecomputedResponse> reAnswers = List.of(new PrecomputedResponse("m", "a", "s", "Ana works at Lumen."),
                new PrecomputedResponse("m", "b", "s", "none"));
        TemplateScore reScore = new InstructionScorer().score("r", suite("re", re, reItems, reAnswers), reAnswers,
                List.of("m"), RunOptions.DEFAULTS).summary().models().get(0).templates().get(0);
        assertThat(reScore.unparsed()).isEqualTo(1);
        assertThat(reScore.metrics().get("relation_accuracy")).isEqualTo(0.5);
        assertThat(reScore.metrics().get("micro_f1")).isZero();
    }

    static final List<InstructionItem> THREE = List.of(
            new InstructionItem("i1", "How long?", "Refunds take 30 days.", List.of("30 days"), null),
            new InstructionItem("i2", "Who?", "Ana runs support.", List.of("Ana"), null),
            new InstructionItem("i3", "Where?", "The office is in Porto.", List.of("Porto"), null));

    @Test
    void dropRatesUseOnlyItemsAnsweredUnderEveryTemplateAndReportCoverage() {
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("s", "Q: {input} C: {context}", true),
                new InstructionTemplate("u", "{context} => {input}?", false));
        // s: i1 right, i2 right, i3 wrong; u: i1 right, i2 wrong, i3 not answered
        List<PrecomputedResponse> answers = List.of(
                new PrecomputedResponse("m", "i1", "s", "30 days"),
                new PrecomputedResponse("m", "i2", "s", "Ana"),
                new PrecomputedResponse("m", "i3", "s", "Lisbon"),
                new PrecomputedResponse("m", "i1", "u", "30 days"),
                new PrecomputedResponse("m", "i2", "u", "Bob"));
        ModelRobustness m = new InstructionScorer().score("r", suite("qa", templates, THREE, answers), answers,
                List.of("m"), RunOptions.DEFAULTS).summary().models().get(0);

        assertThat(m.items()).isEqualTo(3);
        assertThat(m.pairedItems()).as("i3 has no answer under u").isEqualTo(2);
        TemplateScore u = m.templates().get(1);
        assertThat(u.answers()).isEqualTo(2);
        assertThat(u.missing()).isEqualTo(1);
        assertThat(u.metrics().get("exact_match")).as("over all 3 items, the missing one wrong").isEqualTo(1.0 / 3);
        assertThat(m.templates().get(0).metrics().get("exact_match")).isEqualTo(2.0 / 3);
        // on i1 and i2: seen 1.0, unseen 0.5, so PDR 0.5 (unpaired, 1 - 0.5 / (2/3) would be 0.25)
        assertThat(m.seenMean().get("exact_match")).isEqualTo(1.0);
        assertThat(m.unseenMean().get("exact_match")).isEqualTo(0.5);
        assertThat(u.pdr().get("exact_match")).isEqualTo(0.5);
        assertThat(m.pdrMean().get("exact_match")).isEqualTo(0.5);
        // resampling {i1, i2}: u scores 1, 0.5 or 0 with probabilities 1/4, 1/2, 1/4, so the 95% interval is [0, 1]
        assertThat(m.pdrLow().get("exact_match")).isZero();
        assertThat(m.pdrHigh().get("exact_match")).isEqualTo(1.0);
        assertThat(new InstructionScorer().score("r", suite("qa", templates, THREE, answers), answers, List.of("m"),
                RunOptions.DEFAULTS).summary().models().get(0)).as("seeded").isEqualTo(m);
    }

    @Test
    void aTemplateAModelNeverAnsweredUnderLeavesNoPairedItemsAndNoDropRate() {
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("s", "Q: {input} C: {context}", true),
                new InstructionTemplate("u", "{context} => {input}?", false));
        List<PrecomputedResponse> answers = List.of(new PrecomputedResponse("m", "i1", "s", "30 days"));
        ModelRobustness m = new InstructionScorer().score("r", suite("qa", templates, THREE, answers), answers,
                List.of("m"), RunOptions.DEFAULTS).summary().models().get(0);
        assertThat(m.pairedItems()).isZero();
        assertThat(m.templates()).extracting(TemplateScore::template, TemplateScore::answers, TemplateScore::missing)
                .containsExactly(tuple("s", 1, 2), tuple("u", 0, 3));
        assertThat(m.templates().get(1).metrics()).containsEntry("exact_match", 0.0);
        assertThat(m.seenMean()).isEmpty();
        assertThat(m.pdrMean()).isEmpty();
        assertThat(m.pdrLow()).isEmpty();
    }

    @Test
    void whichTemplatesAreSeenDependsOnTheModel() {
        // t1 is in every model's tuning, t2 only in tuned's, t3 in none
        List<InstructionTemplate> templates = List.of(new InstructionTemplate("t1", "Q: {input} C: {context}", true),
                new InstructionTemplate("t2", "{context}\n{input}", false, List.of("tuned")),
                new InstructionTemplate("t3", "{context} => {input}?", false),
                new InstructionTemplate("t4", "{input} in {context}", false, List.of("tuned", "ghost")));
        List<PrecomputedResponse> answers = new ArrayList<>();
        for (String model : List.of("base", "tuned")) {
            for (InstructionItem item : THREE) {
                answers.add(new PrecomputedResponse(model, item.id(), "t1", item.answers().get(0)));
                answers.add(new PrecomputedResponse(model, item.id(), "t2", item.id().equals("i1") ? "no" : item
                        .answers().get(0)));
                answers.add(new PrecomputedResponse(model, item.id(), "t3", item.id().equals("i3") ? item.answers()
                        .get(0) : "no"));
            }
        }
        InstructionScorer.Outcome outcome = new InstructionScorer().score("r", suite("qa", templates, THREE, answers),
                answers, List.of("base", "tuned"), RunOptions.DEFAULTS);

        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE);
            assertThat(e.message()).contains("template 't4'").contains("[ghost] in seenBy");
        });
        ModelRobustness base = outcome.summary().models().get(0);
        ModelRobustness tuned = outcome.summary().models().get(1);
        assertThat(base.templates()).extracting(TemplateScore::seen).containsExactly(true, false, false);
        assertThat(tuned.templates()).extracting(TemplateScore::seen).containsExactly(true, true, false);
        // EM: t1 1, t2 2/3, t3 1/3. base: seen {t1}, PDR(t2) = 1/3, PDR(t3) = 2/3; tuned: seen {t1, t2} mean 5/6
        assertThat(base.seenMean().get("exact_match")).isEqualTo(1.0);
        assertThat(base.templates().get(1).pdr().get("exact_match")).isCloseTo(1.0 / 3, Offset.offset(1e-12));
        assertThat(base.pdrMean().get("exact_match")).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(tuned.seenMean().get("exact_match")).isCloseTo(5.0 / 6, Offset.offset(1e-12));
        assertThat(tuned.templates().get(1).pdr()).isNull();
        assertThat(tuned.pdrMean().get("exact_match")).isCloseTo(1 - (1.0 / 3) / (5.0 / 6), Offset.offset(1e-12));
    }
}
