package io.fathom.training;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A small MLP probe: standardised features, one hidden layer of {@value #HIDDEN} ReLU units, a
 * softmax output, trained by Adam on mini-batches with early stopping on dev accuracy. The weight
 * decay is chosen on dev from a grid. Single-threaded and seeded, so the same data and seed give
 * the same numbers. Rows are visited chunk by chunk (chunks in a seeded random order, rows shuffled
 * within), so memory holds one chunk, as for the linear probe.
 */
public final class MlpProbe {

    public static final List<Double> DEFAULT_DECAY_GRID = List.of(0.0, 1e-3, 1e-2);
    static final int HIDDEN = 64;
    private static final int BATCH = 64;
    private static final int MAX_EPOCHS = 40;
    private static final int PATIENCE = 5;
    private static final double LEARNING_RATE = 1e-3;

    private MlpProbe() {
    }

    public static LinearProbe.Result train(Features train, Features dev, Features test, List<Double> decays,
            long seed) {
        LinearProbe.Standardizer standardizer = LinearProbe.Standardizer.fit(train);
        Features trainZ = standardizer.apply(train);
        Features devZ = standardizer.apply(dev);
        Network best = null;
        double bestDecay = Double.NaN;
        double bestDev = -1;
        int epochs = 0;
        for (double decay : decays) {
            Network network = new Network(train.dim(), train.classes(), seed);
            double networkBest = -1;
            Network networkBestState = null;
            int sinceBest = 0;
            for (int epoch = 0; epoch < MAX_EPOCHS && sinceBest < PATIENCE; epoch++) {
                network.epoch(trainZ, decay, new SplittableRandom(seed * 31 + epoch));
                epochs++;
                double devAccuracy = Predictions.accuracy(network.predict(devZ), dev.labels());
                if (devAccuracy > networkBest) {
                    networkBest = devAccuracy;
                    networkBestState = network.copy();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
            }
            if (networkBest > bestDev) {
                bestDev = networkBest;
                bestDecay = decay;
                best = networkBestState;
            }
        }
        int[] predictions = best.predict(standardizer.apply(test));
        return new LinearProbe.Result(bestDecay, bestDev, Predictions.accuracy(predictions, test.labels()), epochs,
                predictions);
    }

    /** Weights, biases and Adam's moments in one flat array each: [w1 (H x D), b1 (H), w2 (C x H), b2 (C)]. */
    private static final class Network {
        final int dim;
        final int classes;
        final double[] p;
        final double[] m;
        final double[] v;
        long steps;

        Network(int dim, int classes, long seed) {
            this.dim = dim;
            this.classes = classes;
            int size = HIDDEN * dim + HIDDEN + classes * HIDDEN + classes;
            p = new double[size];
            m = new double[size];
            v = new double[size];
            SplittableRandom random = new SplittableRandom(seed);
            double scale1 = Math.sqrt(2.0 / dim); // He initialisation for ReLU
            for (int i = 0; i < HIDDEN * dim; i++) {
                p[i] = random.nextGaussian() * scale1;
            }
            double scale2 = Math.sqrt(1.0 / HIDDEN);
            int w2 = HIDDEN * dim + HIDDEN;
            for (int i = 0; i < classes * HIDDEN; i++) {
                p[w2 + i] = random.nextGaussian() * scale2;
            }
        }

        private Network(Network other) {
            dim = other.dim;
            classes = other.classes;
            p = other.p.clone();
            m = other.m.clone();
            v = other.v.clone();
            steps = other.steps;
        }

        Network copy() {
            return new Network(this);
        }

        /** Hidden activations and class scores of one row. */
        private void forward(float[] x, int offset, double[] hidden, double[] scores) {
            for (int h = 0; h < HIDDEN; h++) {
                double sum = p[HIDDEN * dim + h];
                int base = h * dim;
                for (int j = 0; j < dim; j++) {
                    sum += p[base + j] * x[offset + j];
                }
                hidden[h] = Math.max(0, sum);
            }
            int w2 = HIDDEN * dim + HIDDEN;
            int b2 = w2 + classes * HIDDEN;
            for (int c = 0; c < classes; c++) {
                double sum = p[b2 + c];
                for (int h = 0; h < HIDDEN; h++) {
                    sum += p[w2 + c * HIDDEN + h] * hidden[h];
                }
                scores[c] = sum;
            }
        }

        void epoch(Features data, double decay, SplittableRandom random) {
            int rows = data.rows();
            int chunks = (rows + SoftmaxRegression.CHUNK_ROWS - 1) / SoftmaxRegression.CHUNK_ROWS;
            int[] chunkOrder = shuffled(chunks, random);
            float[] chunk = new float[SoftmaxRegression.CHUNK_ROWS * dim];
            double[] gradient = new double[p.length];
            double[] hidden = new double[HIDDEN];
            double[] scores = new double[classes];
            int w2 = HIDDEN * dim + HIDDEN;
            int b2 = w2 + classes * HIDDEN;
            for (int c : chunkOrder) {
                int from = c * SoftmaxRegression.CHUNK_ROWS;
                int to = Math.min(rows, from + SoftmaxRegression.CHUNK_ROWS);
                data.read(from, to, chunk);
                int[] order = shuffled(to - from, random);
                for (int start = 0; start < order.length; start += BATCH) {
                    int end = Math.min(order.length, start + BATCH);
                    java.util.Arrays.fill(gradient, 0);
                    for (int k = start; k < end; k++) {
                        int row = order[k];
                        int offset = row * dim;
                        forward(chunk, offset, hidden, scores);
                        double max = Double.NEGATIVE_INFINITY;
                        for (double s : scores) {
                            max = Math.max(max, s);
                        }
                        double total = 0;
                        for (int cl = 0; cl < classes; cl++) {
                            scores[cl] = Math.exp(scores[cl] - max);
                            total += scores[cl];
                        }
                        int label = data.labels()[from + row];
                        for (int cl = 0; cl < classes; cl++) {
                            double delta = scores[cl] / total - (cl == label ? 1 : 0);
                            gradient[b2 + cl] += delta;
                            for (int h = 0; h < HIDDEN; h++) {
                                gradient[w2 + cl * HIDDEN + h] += delta * hidden[h];
                            }
                            scores[cl] = delta; // reused below as the output error
                        }
                        for (int h = 0; h < HIDDEN; h++) {
                            if (hidden[h] <= 0) {
                                continue;
                            }
                            double back = 0;
                            for (int cl = 0; cl < classes; cl++) {
                                back += scores[cl] * p[w2 + cl * HIDDEN + h];
                            }
                            gradient[HIDDEN * dim + h] += back;
                            int base = h * dim;
                            for (int j = 0; j < dim; j++) {
                                gradient[base + j] += back * chunk[offset + j];
                            }
                        }
                    }
                    adam(gradient, end - start, decay);
                }
            }
        }

        private void adam(double[] gradient, int batch, double decay) {
            steps++;
            double correction1 = 1 - Math.pow(0.9, steps);
            double correction2 = 1 - Math.pow(0.999, steps);
            for (int i = 0; i < p.length; i++) {
                double g = gradient[i] / batch + decay * p[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                p[i] -= LEARNING_RATE * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + 1e-8);
            }
        }

        int[] predict(Features data) {
            int[] predictions = new int[data.rows()];
            float[] chunk = new float[SoftmaxRegression.CHUNK_ROWS * dim];
            double[] hidden = new double[HIDDEN];
            double[] scores = new double[classes];
            for (int from = 0; from < data.rows(); from += SoftmaxRegression.CHUNK_ROWS) {
                int to = Math.min(data.rows(), from + SoftmaxRegression.CHUNK_ROWS);
                data.read(from, to, chunk);
                for (int i = from; i < to; i++) {
                    forward(chunk, (i - from) * dim, hidden, scores);
                    predictions[i] = Predictions.argmax(scores);
                }
            }
            return predictions;
        }

        private static int[] shuffled(int n, SplittableRandom random) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }
    }
}
