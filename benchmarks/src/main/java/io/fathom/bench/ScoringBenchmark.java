package io.fathom.bench;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.scoring.service.QuestionScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of rubric scoring with the reference judge, model time excluded: the shipped 45
 * questions and 90 illustrative answers, copied under new ids until there are {@code answers}
 * answers, each text with a fixed random 384-wide embedding (the embedder's work is the inference
 * service's, timed by the throughput benchmark). One round grades the whole suite exactly as the
 * service does, acceptability summary with 2,000 bootstrap resamples included; it is timed on one
 * thread and with two suites at once on two threads. Target: 5,000 answers/s on 2 cores.
 */
final class ScoringBenchmark {

    static final double TARGET = 5_000;
    private static final int DIM = 384;

    private ScoringBenchmark() {
    }

    static void run(int answers, int rounds) throws Exception {
        EvaluationRequest request = ((RequestParser.Accepted) new RequestParser()
                .parse(Files.readAllBytes(Path.of("samples/scoring-demo.json")))).request();
        Suite sample = request.suites().stream().filter(s -> s.kind() == SuiteKind.QUESTIONS).findFirst()
                .orElseThrow();
        Suite suite = scaled(sample, answers);
        Map<String, float[]> vectors = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (Question q : suite.questions()) {
            vectors.put(ScoringTexts.reference(q.id()), vector(random));
            int points = q.keyPoints() == null ? 0 : q.keyPoints().size();
            for (int i = 0; i < points; i++) {
                vectors.put(ScoringTexts.keyPoint(q.id(), i), vector(random));
            }
        }
        for (PrecomputedResponse r : suite.responses()) {
            vectors.put(ScoringTexts.answer(GenerationEvent.answerId(r.model(), r.questionId(), r.templateId())),
                    vector(random));
        }
        QuestionScorer scorer = new QuestionScorer(null);
        Runnable round = () -> {
            QuestionScorer.Outcome outcome = scorer.score("bench", suite, suite.responses(), request.models(), request.options(),
                    vectors::get);
            // answers to questions with neither reference nor key points are unjudged by the reference judge
            if (outcome.items().size() + outcome.unjudged().size() != suite.responses().size()) {
                throw new IllegalStateException("graded " + outcome.items().size() + " and left "
                        + outcome.unjudged().size() + " unjudged of " + suite.responses().size() + ": "
                        + outcome.errors());
            }
        };
        System.out.printf("scoring benchmark: %d answers to %d questions, reference judge, %d rounds%n",
                suite.responses().size(), suite.questions().size(), rounds);
        round.run(); // warm-up
        round.run();
        double one = best(rounds, 1, round);
        double two = best(rounds, 2, round);
        int n = suite.responses().size();
        System.out.println();
        System.out.println("| threads | answers/s (best of " + rounds + ") | vs target 5,000/s |");
        System.out.println("|---|---|---|");
        System.out.printf("| 1 | %.0f | %.1fx |%n", n / one, n / one / TARGET);
        System.out.printf("| 2 (two suites at once) | %.0f | %.1fx |%n", 2 * n / two, 2 * n / two / TARGET);
    }

    /** Best wall time in seconds of {@code threads} rounds run at once. */
    private static double best(int rounds, int threads, Runnable round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double best = Double.MAX_VALUE;
        try {
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    running.add(pool.submit(round));
                }
                for (Future<?> future : running) {
                    future.get();
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
        } finally {
            pool.shutdown();
        }
        return best;
    }

    private static Suite scaled(Suite sample, int answers) {
        List<Question> questions = new ArrayList<>();
        List<PrecomputedResponse> responses = new ArrayList<>();
        for (int copy = 0; responses.size() < answers; copy++) {
            String suffix = "-" + copy;
            for (Question q : sample.questions()) {
                questions.add(new Question(q.id() + suffix, q.domain(), q.topic(), q.question(), q.reference(),
                        q.keyPoints(), q.weights()));
            }
            for (PrecomputedResponse r : sample.responses()) {
                if (responses.size() < answers) {
                    responses.add(new PrecomputedResponse(r.model(), r.questionId() + suffix, null, r.answer()));
                }
            }
        }
        return new Suite(sample.name(), sample.kind(), null, null, null, null, null, questions, sample.rubric(), null,
                null, null, responses, null);
    }

    private static float[] vector(SplittableRandom random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
