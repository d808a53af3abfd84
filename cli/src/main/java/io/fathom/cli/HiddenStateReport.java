package io.fathom.cli;

import io.fathom.contracts.hidden.HiddenStateHeader;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A table of what reached fathom.hidden-states for a run, per model and suite. */
final class HiddenStateReport {

    private final List<RunClient.StateSummary> states;

    HiddenStateReport(List<RunClient.StateSummary> states) {
        this.states = states;
    }

    void print(PrintStream out) {
        if (states.isEmpty()) {
            out.println("no hidden-state events for this run");
            return;
        }
        Map<String, List<RunClient.StateSummary>> groups = new TreeMap<>(states.stream().collect(
                Collectors.groupingBy(s -> s.header().model() + " | " + s.header().suite())));
        out.println();
        out.printf("%-40s %8s %-16s %10s %12s %10s%n", "model | suite", "events", "shape", "truncated",
                "bytes/value", "distinct");
        groups.forEach((group, list) -> {
            HiddenStateHeader first = list.get(0).header();
            long values = list.stream().mapToLong(s -> s.header().valueCount()).sum();
            long bytes = list.stream().mapToLong(RunClient.StateSummary::bytes).sum();
            long truncated = list.stream().filter(s -> s.header().truncated()).count();
            long distinct = list.stream().map(s -> s.header().itemId()).distinct().count();
            out.printf("%-40s %8d %-16s %10d %12.3f %10d%n", group, list.size(),
                    first.shape()[0] + "x" + first.shape()[1] + "x" + first.shape()[2], truncated,
                    (double) bytes / values, distinct);
        });
    }
}
