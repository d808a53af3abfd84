package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theBarFillsWithTheShareProcessedAndTheEtaFollowsTheObservedRate() {
        // 10 items in 20 s since the first event, 30 left: 60 s at that rate, 5 s of them gone since the last
        ProgressView.Snapshot running = new ProgressView.Snapshot(40, 10, null, T0, 0, T0.plusSeconds(20));
        assertThat(ProgressView.render("scoring", running, T0.plusSeconds(25)))
                .isEqualTo("scoring   [#####...............]  25% 10/40 ETA 0:55");
        assertThat(ProgressView.eta(running, T0.plusSeconds(200))).contains(Duration.ZERO);
        assertThat(ProgressView.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }

    @Test
    void theEtaIsUnknownUntilThereIsARate() {
        ProgressView.Snapshot one = new ProgressView.Snapshot(40, 10, null, T0, 10, T0);
        assertThat(ProgressView.render("inference", one, T0.plusSeconds(3)))
                .isEqualTo("inference [#####...............]  25% 10/40 ETA unknown");
        ProgressView.Snapshot stalled = new ProgressView.Snapshot(40, 10, null, T0, 10, T0.plusSeconds(9));
        assertThat(ProgressView.eta(stalled, T0.plusSeconds(10))).isEmpty();
        assertThat(ProgressView.render("probe", null, T0)).isEqualTo("probe     [                    ] waiting");
    }

    @Test
    void aFinishedServiceShowsItsStatus() {
        ProgressView.Snapshot done = new ProgressView.Snapshot(4, 4, ProgressEvent.Status.COMPLETED, T0, 0, T0);
        assertThat(ProgressView.render("inference", done, T0))
                .isEqualTo("inference [####################] 100% 4/4 COMPLETED");
        ProgressView.Snapshot rejected = new ProgressView.Snapshot(0, 0, ProgressEvent.Status.FAILED, T0, 0, T0);
        assertThat(ProgressView.render("inference", rejected, T0)).contains("100% 0/0 FAILED");
    }

    @Test
    void aServiceCountsEachSuiteByItsFinalElseByItsModelsAndTheRunByItsFinal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                Set.of("probe"));
        view.accept(ProgressEvent.of("r", "probe", "a", "s1", ProgressEvent.Status.COMPLETED, 10, 10, 0, 0));
        view.accept(ProgressEvent.of("r", "probe", "b", "s1", ProgressEvent.Status.COMPLETED, 10, 5, 0, 0));
        view.accept(ProgressEvent.of("r", "probe", "a", "s2", ProgressEvent.Status.COMPLETED, 6, 6, 0, 0));
        view.accept(ProgressEvent.of("r", "probe", null, "s2", ProgressEvent.Status.COMPLETED, 12, 11, 1, 0));
        view.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("probe     [") .contains(" 27/32 ETA");
        view.accept(ProgressEvent.of("r", "probe", null, null, ProgressEvent.Status.FAILED, 32, 28, 1, 0));
        view.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("29/32 FAILED");
    }

    @Test
    void onATerminalTheBarsAreRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
                new java.util.LinkedHashSet<>(java.util.List.of("inference", "scoring")));
        view.tick();
        view.accept(ProgressEvent.of("r", "inference", "m", "s", ProgressEvent.Status.RUNNING, 4, 2, 0, 0));
        view.tick();
        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("\033[2F\rinference [##########..........]  50% 2/4")
                .doesNotContain("RUNNING   m / s");
    }
}
