package io.fathom.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One reading of a service's Prometheus endpoint ({@code /q/metrics}), so that a benchmark can take
 * the difference of two readings: what the service itself counted over an interval, beside what the
 * benchmark measured from outside.
 */
record MetricsScrape(Map<String, Double> series) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The service's series now, keyed by their line as exposed ({@code name{labels}}); empty if unreachable. */
    static MetricsScrape of(String baseUrl) {
        Map<String, Double> series = new HashMap<>();
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                int space = line.lastIndexOf(' ');
                if (line.startsWith("#") || space < 0) {
                    continue;
                }
                try {
                    series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        } catch (Exception e) {
            // an unreachable service reads as no series: its columns show as zero
        }
        return new MetricsScrape(series);
    }

    /** The sum of every series named {@code name} whose labels include each of {@code labels} ("key=\"value\""). */
    double sum(String name, String... labels) {
        double total = 0;
        for (var entry : series.entrySet()) {
            String key = entry.getKey();
            boolean named = key.equals(name) || key.startsWith(name + "{");
            if (!named) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                total += entry.getValue();
            }
        }
        return total;
    }

    /** How much {@link #sum} grew from {@code before} to this reading. */
    double since(MetricsScrape before, String name, String... labels) {
        return sum(name, labels) - before.sum(name, labels);
    }
}
