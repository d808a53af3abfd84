package io.fathom.scoring.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.InstructionItem;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** EM, F1 and triples against cases computed by hand. */
class RobustnessMetricsTest {

    @Test
    void answersAreNormalisedBeforeExactMatch() {
        assertThat(QaMetrics.normalize("The  30 Days.")).isEqualTo("30 days");
        assertThat(QaMetrics.exactMatch("the 30 days!", List.of("30 days"))).isEqualTo(1.0);
        assertThat(QaMetrics.exactMatch("30 working days", List.of("30 days"))).isZero();
        assertThat(QaMetrics.exactMatch("a refund", List.of("store credit", "Refund"))).isEqualTo(1.0);
    }

    @Test
    void normalisationMatchesTheSquadScriptOnUnicodeWhitespace() {
        // expected values: normalize_answer of the SQuAD v1.1 script, run on the same strings
        assertThat(QaMetrics.normalize("Paris\u00a0France")).isEqualTo("paris france");
        assertThat(QaMetrics.normalize("a\u2003b")).isEqualTo("b");
        assertThat(QaMetrics.normalize("Na\u00efve the\u3000End")).isEqualTo("na\u00efve end");
        assertThat(QaMetrics.normalize("x\u001cy")).isEqualTo("x y");
        assertThat(QaMetrics.normalize("\u00dcber a Stra\u00dfe")).isEqualTo("\u00fcber stra\u00dfe");
        assertThat(QaMetrics.normalize("The\u00a0Beatles")).isEqualTo("beatles");
        assertThat(QaMetrics.normalize("\u00e9a the\u202fth\u00e9")).isEqualTo("\u00e9a th\u00e9");
        assertThat(QaMetrics.normalize("north\u2028pole\u0085now")).isEqualTo("north pole now");
        assertThat(QaMetrics.exactMatch("The\u00a0Beatles", java.util.List.of("Beatles"))).isEqualTo(1.0);
    }

    @Test
    void aGeneratedAnswerIsItsFirstLineWithoutItsLabelAndNothingReadableIsCounted() {
        assertThat(QaMetrics.extract("Answer: 30 days\nBecause the policy says so.")).isEqualTo("30 days");
        assertThat(QaMetrics.extract("\n  A:  within 30 days  \n")).isEqualTo("within 30 days");
        assertThat(QaMetrics.extract("Final answer: Ana")).isEqualTo("Ana");
        assertThat(QaMetrics.extract("Answer:\n\n30 days")).isEqualTo("30 days");
        assertThat(QaMetrics.extract(" \n\t")).isEmpty();
        assertThat(QaMetrics.extract(null)).isEmpty();
        assertThat(Triples.readable("1. none")).isTrue();
        assertThat(Triples.readable("Ana | works_for | Lumen")).isTrue();
        assertThat(Triples.readable("Ana works for Lumen, I think.")).isFalse();
        assertThat(Triples.readable("")).isFalse();
    }

    @Test
    void tokenF1CountsOverlapWithMultiplicity() {
        // predicted [within, 30, days], gold [30, days]: p = 2/3, r = 1, F1 = 0.8
        assertThat(QaMetrics.f1("within 30 days", List.of("30 days"))).isCloseTo(0.8, Offset.offset(1e-12));
        // predicted [days, days], gold [30, days]: one common token, p = 1/2, r = 1/2
        assertThat(QaMetrics.f1("days days", List.of("30 days"))).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(QaMetrics.f1("nothing", List.of("30 days"))).isZero();
        assertThat(QaMetrics.f1("the", List.of("a"))).isEqualTo(1.0); // both empty after normalisation
        assertThat(QaMetrics.f1("30", List.of("30 days", "30"))).isEqualTo(1.0);
    }

    @Test
    void triplesFollowTheLineFormatAndIgnoreProse() {
        Set<Triples.Triple> parsed = Triples.parse("- Ana Ruiz | works for | Lumen Telecom\n2. Lumen Telecom |"
                + " headquartered_in | Porto\nAna works at Lumen.\n(Ana, works_for, Lumen)\nnone");
        assertThat(parsed).containsExactlyInAnyOrder(new Triples.Triple("ana ruiz", "works_for", "lumen telecom"),
                new Triples.Triple("lumen telecom", "headquartered_in", "porto"));
        assertThat(Triples.parse("none")).isEmpty();
        assertThat(Triples.gold(List.of(new InstructionItem.Triple("Ana Ruiz", "works_for", "Lumen Telecom"))))
                .containsExactly(new Triples.Triple("ana ruiz", "works_for", "lumen telecom"));
    }
}
