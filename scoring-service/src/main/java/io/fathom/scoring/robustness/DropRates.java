package io.fathom.scoring.robustness;

import io.fathom.stats.MeanStd;
import io.fathom.stats.PairedBootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One model's performance drop rates on paired items: every template is scored on the same items
 * (those the model answered under all of them), the seen templates' mean is the baseline, and each
 * unseen template's PDR = 1 - metric / seen mean. The mean PDR over unseen templates gets a
 * percentile bootstrap 95% interval that resamples items, keeping each item's answers under every
 * template together; the same seed gives the same interval.
 */
public final class DropRates {

    /** A template's outcome rows ({@link InstructionTask#outcome}), one per paired item, in the same item order. */
    public record TemplateRows(String template, boolean seen, double[][] rows) {
    }

    /**
     * Means over seen and unseen templates, PDR per unseen template, and the PDR mean, std (absent
     * with one unseen template), and interval ends (absent where unbounded), by metric. A metric
     * whose seen mean is zero has no PDR at all; without paired items there is no figure at all.
     */
    public record Result(Map<String, Double> seenMean, Map<String, Double> unseenMean,
            Map<String, Map<String, Double>> pdr, Map<String, Double> pdrMean, Map<String, Double> pdrStd,
            Map<String, Double> pdrLow, Map<String, Double> pdrHigh) {
    }

    private DropRates() {
    }

    public static Result of(InstructionTask task, List<TemplateRows> templates, int bootstrapSamples, long seed) {
        List<String> metrics = task.metrics();
        Result result = new Result(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        templates.stream().filter(t -> !t.seen()).forEach(t -> result.pdr().put(t.template(), new LinkedHashMap<>()));
        int items = templates.isEmpty() ? 0 : templates.get(0).rows().length;
        if (items == 0) {
            return result;
        }
        int[] once = new int[items];
        Arrays.fill(once, 1);
        double[][] values = metricValues(task, templates, once);
        double[] seenMean = mean(templates, values, true);
        double[] unseenMean = mean(templates, values, false);
        boolean anySeen = templates.stream().anyMatch(TemplateRows::seen);
        boolean anyUnseen = templates.stream().anyMatch(t -> !t.seen());
        for (int k = 0; k < metrics.size(); k++) {
            String metric = metrics.get(k);
            if (anySeen) {
                result.seenMean().put(metric, seenMean[k]);
            }
            if (anyUnseen) {
                result.unseenMean().put(metric, unseenMean[k]);
            }
            if (!anySeen || !anyUnseen || !(seenMean[k] > 0)) {
                continue;
            }
            List<Double> drops = new ArrayList<>();
            for (int t = 0; t < templates.size(); t++) {
                if (!templates.get(t).seen()) {
                    double drop = 1 - values[t][k] / seenMean[k];
                    result.pdr().get(templates.get(t).template()).put(metric, drop);
                    drops.add(drop);
                }
            }
            MeanStd summary = MeanStd.of(drops);
            result.pdrMean().put(metric, summary.mean());
            if (summary.count() > 1) { // one unseen template gives a mean but no spread
                result.pdrStd().put(metric, summary.std());
            }
        }
        if (!result.pdrMean().isEmpty()) {
            bootstrap(task, templates, items, bootstrapSamples, seed, result);
        }
        return result;
    }

    /**
     * Resamples items; each resample's mean ratio unseen / seen mean is +infinity when its seen mean
     * is zero and an unseen template scores above it (1 when both are zero: no drop), kept rather than
     * dropped, as {@link PairedBootstrap} keeps its undefined resamples. Mean PDR = 1 - mean ratio, so
     * an infinite ratio leaves the interval's low end unbounded (null).
     */
    private static void bootstrap(InstructionTask task, List<TemplateRows> templates, int items, int samples,
            long seed, Result result) {
        List<String> metrics = task.metrics();
        double[][] meanRatios = new double[metrics.size()][samples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] picks = new int[items];
        for (int s = 0; s < samples; s++) {
            Arrays.fill(picks, 0);
            for (int i = 0; i < items; i++) {
                picks[random.nextInt(items)]++;
            }
            double[][] values = metricValues(task, templates, picks);
            double[] seenMean = mean(templates, values, true);
            for (int k = 0; k < metrics.size(); k++) {
                double sum = 0;
                int unseen = 0;
                for (int t = 0; t < templates.size(); t++) {
                    if (!templates.get(t).seen()) {
                        double value = values[t][k];
                        sum += seenMean[k] > 0 ? value / seenMean[k] : value > 0 ? Double.POSITIVE_INFINITY : 1;
                        unseen++;
                    }
                }
                meanRatios[k][s] = sum / unseen;
            }
        }
        for (int k = 0; k < metrics.size(); k++) {
            String metric = metrics.get(k);
            if (!result.pdrMean().containsKey(metric)) {
                continue;
            }
            double[] ratios = meanRatios[k];
            Arrays.sort(ratios);
            double highRatio = PairedBootstrap.quantile(ratios, 0.975);
            if (Double.isFinite(highRatio)) {
                result.pdrLow().put(metric, 1 - highRatio);
            }
            result.pdrHigh().put(metric, 1 - PairedBootstrap.quantile(ratios, 0.025));
        }
    }

    /** Each template's metric values over the items, item i counted {@code weights[i]} times. */
    private static double[][] metricValues(InstructionTask task, List<TemplateRows> templates, int[] weights) {
        double[][] values = new double[templates.size()][];
        for (int t = 0; t < templates.size(); t++) {
            values[t] = task.values(templates.get(t).rows(), weights);
        }
        return values;
    }

    /** Per metric, the mean value over the seen (or the unseen) templates; NaN where there are none. */
    private static double[] mean(List<TemplateRows> templates, double[][] values, boolean seen) {
        int width = values[0].length;
        double[] mean = new double[width];
        int count = 0;
        for (int t = 0; t < templates.size(); t++) {
            if (templates.get(t).seen() == seen) {
                for (int k = 0; k < width; k++) {
                    mean[k] += values[t][k];
                }
                count++;
            }
        }
        for (int k = 0; k < width; k++) {
            mean[k] /= count;
        }
        return mean;
    }
}
