package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged CLI run as a user runs it, its output (both streams) kept in a log of the test's directory. */
final class PackagedCli {

    static final Path JAR = Path.of("target/fathom-cli.jar");

    private final Path log;
    private final Duration timeout;

    PackagedCli(Path dir, Duration timeout) {
        this.log = dir.resolve("cli.log");
        this.timeout = timeout;
    }

    /** Runs the CLI to its end and returns its exit status. */
    int run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())))
                .start();
        assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return process.exitValue();
    }

    /** Everything the CLI has printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A packaged service's application, built by its module before this one. */
    static Path serviceJar(String service) {
        return Path.of("..", service + "-service", "target", "quarkus-app", "quarkus-run.jar");
    }
}
