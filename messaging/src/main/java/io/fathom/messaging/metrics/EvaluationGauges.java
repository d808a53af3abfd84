package io.fathom.messaging.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of the latest evaluation results (probe accuracy by model, task and layer; rubric scores
 * by model and domain; PDR), so that a dashboard shows them beside the operations. Labels come from
 * requests (model and task names), so the number of series is capped: past {@code maxSeries}, a
 * new series is not created and {@code fathom_eval_series_dropped_total} counts it. Run ids are
 * never labels; a gauge holds the latest run's value.
 */
public final class EvaluationGauges {

    private final MeterRegistry registry;
    private final int maxSeries;
    private final Counter dropped;
    private final ConcurrentHashMap<String, AtomicLong> values = new ConcurrentHashMap<>(); // double bits

    public EvaluationGauges(MeterRegistry registry, int maxSeries) {
        this.registry = registry;
        this.maxSeries = maxSeries;
        this.dropped = registry.counter("fathom.eval.series.dropped");
    }

    /** Sets gauge {@code name} with {@code tags} (key, value pairs) to {@code value}; non-finite values are skipped. */
    public void set(String name, double value, String... tags) {
        if (!Double.isFinite(value)) {
            return;
        }
        Tags labels = Tags.of(tags);
        String key = name + labels;
        AtomicLong holder = values.get(key);
        if (holder == null) {
            synchronized (values) {
                holder = values.get(key);
                if (holder == null) {
                    if (values.size() >= maxSeries) {
                        dropped.increment();
                        return;
                    }
                    AtomicLong created = new AtomicLong(Double.doubleToLongBits(value));
                    Gauge.builder(name, created, h -> Double.longBitsToDouble(h.get())).tags(labels).register(registry);
                    values.put(key, created);
                    return;
                }
            }
        }
        holder.set(Double.doubleToLongBits(value));
    }
}
