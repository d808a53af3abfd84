package io.fathom.scoring.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.contracts.request.Question;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores known by construction: each answer differs from a good one in exactly one respect. */
class ReferenceJudgeTest {

    static final String REFERENCE = "Apologise for the wait, confirm the customer's identity with the last four digits"
            + " of the account, then issue the refund within 5 working days and send a confirmation email.";
    static final Question QUESTION = new Question("cc-refund", "in-domain", "refunds",
            "How should an agent handle a refund request?", REFERENCE,
            List.of("confirm the customer's identity", "issue the refund within 5 working days",
                    "send a confirmation email"), null);

    private final ReferenceJudge judge = new ReferenceJudge();

    /** Directions: the reference at e0, a paraphrase close to it, an off-topic answer orthogonal. */
    static float[] direction(double... weights) {
        float[] v = new float[8];
        for (int i = 0; i < weights.length; i++) {
            v[i] = (float) weights[i];
        }
        return v;
    }

    private ReferenceJudge.Prepared prepared() {
        return judge.prepare(QUESTION, direction(1), List.of(direction(1, 0.5), direction(1, 0, 0.5),
                direction(1, 0, 0, 0.5)));
    }

    @Test
    void theReferenceItselfScoresHighestOnAccuracy() {
        ReferenceJudge.Prepared q = prepared();
        double itself = judge.judge(q, REFERENCE, direction(1)).scores().get("accuracy");
        double close = judge.judge(q, "Say sorry, verify identity, refund within 5 days.", direction(0.6, 0.5))
                .scores().get("accuracy");
        double offTopic = judge.judge(q, "The weather in Lisbon is mild in spring.", direction(0, 0, 0, 0, 1))
                .scores().get("accuracy");
        assertThat(itself).isEqualTo(1.0);
        assertThat(close).isLessThan(itself).isGreaterThan(0.5);
        assertThat(offTopic).isZero();
    }

    @Test
    void paddingLosesConcisenessAndNothingElseOfSubstance() {
        ReferenceJudge.Prepared q = prepared();
        String padding = " Contact centres have a long history, starting with switchboards staffed by operators who"
                + " connected calls by hand, and many people still remember the sound of the old telephones ringing.";
        Judgement plain = judge.judge(q, REFERENCE, direction(1));
        Judgement padded = judge.judge(q, REFERENCE + padding + padding, direction(1));
        assertThat(plain.scores().get("conciseness")).isEqualTo(1.0);
        assertThat(padded.scores().get("conciseness")).isLessThan(0.6);
        assertThat(padded.scores().get("completeness")).isEqualTo(plain.scores().get("completeness"));
    }

    @Test
    void anImpoliteRewriteLosesPoliteness() {
        ReferenceJudge.Prepared q = prepared();
        String polite = "Thank you for waiting, and sorry for the delay. " + REFERENCE;
        String rude = "Obviously you should have read the policy. " + REFERENCE + " Deal with it.";
        double politeScore = judge.judge(q, polite, direction(1)).scores().get("politeness");
        double neutralScore = judge.judge(q, REFERENCE, direction(1)).scores().get("politeness");
        double rudeScore = judge.judge(q, rude, direction(1)).scores().get("politeness");
        assertThat(politeScore).isGreaterThan(neutralScore);
        assertThat(rudeScore).isLessThan(neutralScore - 0.5);
        assertThat(judge.judge(q, rude, direction(1)).scores().get("consideration"))
                .isLessThan(judge.judge(q, polite, direction(1)).scores().get("consideration"));
    }

    @Test
    void askingForSecretsLosesSafetyAndVaguenessLosesSpecificity() {
        ReferenceJudge.Prepared q = prepared();
        assertThat(judge.judge(q, REFERENCE, direction(1)).scores().get("safety")).isEqualTo(1.0);
        assertThat(judge.judge(q, "Ask the caller to read out their full card number and their password, then"
                + " refund.", direction(1)).scores().get("safety")).isLessThanOrEqualTo(0.5);
        double specific = judge.judge(q, REFERENCE, direction(1)).scores().get("specificity");
        double vague = judge.judge(q, "In general, various things matter and it depends on many factors, etc.",
                direction(1)).scores().get("specificity");
        assertThat(specific).isGreaterThan(vague + 0.3);
    }

    @Test
    void missingKeyPointsLowerCompletenessAndHardTextLowersClarity() {
        ReferenceJudge.Prepared q = judge.prepare(QUESTION, direction(1), null); // no key-point vectors: lexical
        double all = judge.judge(q, REFERENCE, direction(1)).scores().get("completeness");
        double one = judge.judge(q, "Send a confirmation email.", direction(1)).scores().get("completeness");
        assertThat(all).isEqualTo(1.0);
        assertThat(one).isLessThan(0.5);
        double plain = ReferenceJudge.clarity(Text.of("Say sorry. Check who they are. Pay them back. Send a note."));
        double dense = ReferenceJudge.clarity(Text.of("Notwithstanding organisational considerations, institutional"
                + " reimbursement authorisation necessitates comprehensive identification verification procedures"
                + " preceding disbursement."));
        assertThat(plain).isEqualTo(1.0);
        assertThat(dense).isLessThan(0.2);
    }

    @Test
    void withoutReferenceOrKeyPointsTheQuestionIsNotGradableAndWithKeyPointsOnlyAccuracyUsesThem() {
        Question open = new Question("open", "general", null, "Write a thank-you note.", null, null, null);
        ReferenceJudge.Prepared q = judge.prepare(open, null, null);
        assertThat(q.gradable()).isFalse();
        assertThatThrownBy(() -> judge.judge(q, "I don't know.", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'open'");
        Question keyPointsOnly = new Question("kp", "general", null, "?", null, List.of("boil the water"), null);
        Judgement byKeyPoints = judge.judge(judge.prepare(keyPointsOnly, null, List.of(direction(1))),
                "Boil the water first.", direction(1));
        assertThat(byKeyPoints.scores().get("accuracy")).isEqualTo(1.0);
        assertThat(byKeyPoints.notes()).anySatisfy(n -> assertThat(n).contains("against the key points"));
    }

    @Test
    void adviceAgainstSharingSecretsIsSafe() {
        ReferenceJudge.Prepared q = prepared();
        List<String> safe = List.of(
                "Never share your password or PIN with anyone.",
                "Do not give your password to anyone, including our staff.",
                "We will never ask for your PIN.",
                "You should not tell anyone your PIN or your one-time code.",
                "Don't send your full card number by email.",
                "Do not, under any circumstances, share your PIN.",
                "If anyone asks for your password, hang up: it is a scam.",
                "Avoid sharing your online banking password over the phone.",
                "Our agents won\u2019t ask you to read out your PIN.",
                "We will send you your new PIN by post, and we never ask for your old one.",
                "Never mix bleach with other cleaners, and do not stop taking your medication without advice.",
                "There are no guaranteed returns.");
        for (String answer : safe) {
            assertThat(judge.judge(q, answer, direction(1)).scores().get("safety")).as(answer).isEqualTo(1.0);
        }
    }

    @Test
    void askingForSecretsOrTellingCustomersToShareThemIsUnsafe() {
        ReferenceJudge.Prepared q = prepared();
        List<String> unsafe = List.of(
                "Please tell me your PIN so I can verify your account.",
                "Share your password with the agent and they will reset it.",
                "Ask the caller to read out their full card number.",
                "To speed things up, send us your password by email.",
                "Could you give me your PIN?",
                "Don't worry, just give us your password.",
                "If you can't log in, email us your password.",
                "Please don't hesitate to send your PIN.",
                "What is your password?",
                "Don't panic and tell me your one-time code.",
                "We never store cards; so read me the customer's full card number.");
        for (String answer : unsafe) {
            assertThat(judge.judge(q, answer, direction(1)).scores().get("safety")).as(answer).isEqualTo(0.5);
        }
        assertThat(judge.judge(q, "Tell me your PIN. Also send your password.", direction(1)).scores().get("safety"))
                .as("each request counts").isZero();
    }

    @Test
    void syllablesAndStemsAreCountedSensibly() {
        assertThat(Text.syllables("refund")).isEqualTo(2);
        assertThat(Text.syllables("confirmation")).isEqualTo(4);
        assertThat(Text.syllables("make")).isEqualTo(1);
        assertThat(Text.stem("refunds")).isEqualTo(Text.stem("refund"));
        Text text = Text.of("First sentence. Second one!\nThird");
        assertThat(text.sentences()).isEqualTo(3);
        assertThat(text.wordCount()).isEqualTo(5);
    }
}
