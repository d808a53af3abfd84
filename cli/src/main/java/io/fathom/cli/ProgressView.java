package io.fathom.cli;

import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What submit --wait and watch show of a run: its errors and finals as lines, and one progress
 * bar with an ETA per service the run involves. On a terminal the bars are redrawn in place; into
 * a file or pipe they are printed as plain lines every few seconds, with each progress event's
 * line, so that a log keeps the whole story.
 */
final class ProgressView {

    private static final int BAR_WIDTH = 20;
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    /**
     * One service's progress: {@code processed} of {@code expected} items (done or failed), its
     * run-level status once final (else null), and the first and latest progress seen, from
     * which its rate comes.
     */
    record Snapshot(long expected, long processed, ProgressEvent.Status status, Instant firstAt,
            long firstProcessed, Instant lastAt) {
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Long> lastPrinted = new HashMap<>();
    private int drawnLines;
    private Instant lastPlain = Instant.MIN;
    private List<String> lastPlainLines = List.of();

    ProgressView(PrintStream out, boolean terminal, Set<String> services) {
        this.out = out;
        this.terminal = terminal;
        services.forEach(s -> this.services.put(s, new Service()));
    }

    /** Takes in one event of the run: updates its service's bar, prints errors and finals. */
    void accept(ResultEvent event) {
        if (event instanceof ErrorEvent error) {
            printLine(String.format("[%s] ERROR %s (%s): %s", error.service(), error.code(), error.scope(),
                    error.message()));
            error.details().stream().skip(1).forEach(d -> printLine("    " + d));
        } else if (event instanceof ProgressEvent progress) {
            services.computeIfAbsent(progress.service(), s -> new Service()).add(progress);
            boolean runLevel = progress.model() == null && progress.suite() == null;
            String scope = runLevel ? "run" : progress.model() == null ? "suite " + progress.suite()
                    : progress.model() + " / " + progress.suite();
            String printed = progress.service() + " " + scope;
            // on a terminal the bars tell how far a running unit is; a log gets every change
            if (progress.isFinal() || !terminal && lastPrinted.getOrDefault(printed, -1L) != progress.done()) {
                lastPrinted.put(printed, progress.done());
                printLine(String.format("[%s] %-9s %s: %d/%d done, %d failed, %d truncated", progress.service(),
                        progress.status(), scope, progress.done(), progress.expected(), progress.failed(),
                        progress.truncated()));
            }
        }
    }

    /** Called between polls: redraws the bars on a terminal, prints them now and then elsewhere. */
    void tick() {
        Instant now = Instant.now();
        if (terminal) {
            redraw(now);
        } else if (Duration.between(lastPlain, now).compareTo(PLAIN_EVERY) >= 0) {
            printPlain(now);
        }
    }

    /** The bars as they stand at the end. */
    void finish() {
        if (terminal) {
            redraw(Instant.now());
            drawnLines = 0;
        } else {
            printPlain(Instant.now());
        }
    }

    private void printPlain(Instant now) {
        lastPlain = now;
        List<String> lines = bars(now);
        if (!lines.equals(lastPlainLines)) {
            lines.forEach(out::println);
            lastPlainLines = lines;
        }
    }

    /** A line above the bars: on a terminal they are cleared first and drawn again below it. */
    private void printLine(String line) {
        if (terminal && drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J"); // to the first bar's line, clear down
            drawnLines = 0;
        }
        out.println(line);
    }

    private void redraw(Instant now) {
        StringBuilder screen = new StringBuilder();
        if (drawnLines > 0) {
            screen.append("\033[").append(drawnLines).append('F');
        }
        List<String> lines = bars(now);
        lines.forEach(l -> screen.append('\r').append(l).append("\033[K\n"));
        out.print(screen);
        out.flush();
        drawnLines = lines.size();
    }

    private List<String> bars(Instant now) {
        return services.entrySet().stream().map(e -> render(e.getKey(), e.getValue().snapshot(), now)).toList();
    }

    /** One service's bar: "scoring   [#####...............]  25% 10/40 ETA 1:30". */
    static String render(String service, Snapshot s, Instant now) {
        if (s == null) {
            return String.format("%-9s [%s] waiting", service, " ".repeat(BAR_WIDTH));
        }
        int percent = s.expected() == 0 ? (s.status() != null ? 100 : 0)
                : (int) Math.min(100, s.processed() * 100 / s.expected());
        String tail = s.status() != null ? s.status().toString() : "ETA " + eta(s, now).map(ProgressView::clock)
                .orElse("unknown");
        return String.format("%-9s [%s] %3d%% %d/%d %s", service, bar(percent), percent, s.processed(), s.expected(),
                tail);
    }

    static String bar(int percent) {
        int filled = percent * BAR_WIDTH / 100;
        return "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    }

    /**
     * What is left at the rate observed between the service's first and latest progress, less the
     * time since the latest; unknown until two events apart in time show items processed.
     */
    static Optional<Duration> eta(Snapshot s, Instant now) {
        long gained = s.processed() - s.firstProcessed();
        long millis = Duration.between(s.firstAt(), s.lastAt()).toMillis();
        if (gained <= 0 || millis <= 0 || s.expected() == 0) {
            return Optional.empty();
        }
        long left = Math.max(0, s.expected() - s.processed()) * millis / gained
                - Duration.between(s.lastAt(), now).toMillis();
        return Optional.of(Duration.ofMillis(Math.max(0, left)));
    }

    static String clock(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    /** A service's latest progress events, by key, and where its rate starts. */
    private static final class Service {
        private final Map<String, ProgressEvent> latest = new HashMap<>();
        private Instant firstAt;
        private long firstProcessed;
        private Instant lastAt;

        void add(ProgressEvent event) {
            latest.put(event.key(), event);
            long processed = totals()[1];
            if (firstAt == null) {
                firstAt = event.at();
                firstProcessed = processed;
            }
            lastAt = event.at();
        }

        Snapshot snapshot() {
            if (firstAt == null) {
                return null;
            }
            ProgressEvent run = runLevel();
            long[] totals = totals();
            return new Snapshot(totals[0], totals[1], run == null ? null : run.status(), firstAt, firstProcessed,
                    lastAt);
        }

        /**
         * {expected, processed}: the run-level final's counts once there is one; until then, per suite,
         * its final's counts, else the sum over its (model, suite) events.
         */
        private long[] totals() {
            ProgressEvent run = runLevel();
            if (run != null) {
                return new long[] {run.expected(), run.done() + run.failed()};
            }
            Map<String, long[]> suites = new HashMap<>();
            Map<String, ProgressEvent> suiteFinals = new HashMap<>();
            for (ProgressEvent e : latest.values()) {
                if (e.model() == null) {
                    suiteFinals.put(e.suite(), e);
                } else {
                    long[] sum = suites.computeIfAbsent(e.suite(), k -> new long[2]);
                    sum[0] += e.expected();
                    sum[1] += e.done() + e.failed();
                }
            }
            suiteFinals.forEach((suite, e) -> suites.put(suite, new long[] {e.expected(), e.done() + e.failed()}));
            long[] total = new long[2];
            suites.values().forEach(s -> {
                total[0] += s[0];
                total[1] += s[1];
            });
            return total;
        }

        private ProgressEvent runLevel() {
            return latest.values().stream().filter(e -> e.model() == null && e.suite() == null).findFirst()
                    .orElse(null);
        }
    }
}
