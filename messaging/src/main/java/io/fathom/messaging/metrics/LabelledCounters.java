package io.fathom.messaging.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one name, one per value of a label, all registered at once. A counter registered at
 * its first increment is first scraped at that value, so Prometheus never sees the increment (rate()
 * of a first error stays 0); registered at start-up, each is scraped at 0 first.
 */
public final class LabelledCounters {

    private final String name;
    private final String label;
    private final Map<String, Counter> byValue = new LinkedHashMap<>();

    public LabelledCounters(MeterRegistry registry, String name, Tags common, String label,
            Collection<String> values) {
        this.name = name;
        this.label = label;
        for (String value : values) {
            byValue.put(value, Counter.builder(name).tags(common).tag(label, value).register(registry));
        }
    }

    public void increment(String value) {
        increment(value, 1);
    }

    public void increment(String value, double amount) {
        Counter counter = byValue.get(value);
        if (counter == null) { // the values are fixed in code, so this is a bug, not an input
            throw new IllegalArgumentException(name + " has no " + label + " '" + value + "'; it has "
                    + byValue.keySet());
        }
        counter.increment(amount);
    }
}
