package io.fathom.cli;

import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.SuiteKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * fathom's command line: validate a request, submit it to Kafka, follow its progress on
 * fathom.results and print a report of what the services produced.
 */
public final class FathomCli {

    static final int OK = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;
    static final int KAFKA_ERROR = 4;

    static final String USAGE_TEXT = """
            usage: fathom <command> [options]

            commands:
              validate <request.json>          check a request against the schema, send nothing
              submit <request.json> [--wait]   send a run to fathom.requests; --wait follows it to the end
              watch <runId>                    follow a run's results from the start of fathom.results
              topics                           create fathom's topics where missing (submit does it too)

            options:
              --bootstrap <host:port>   Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)
              --timeout <seconds>       give up waiting after this long (default 900)
              --services <a,b>          services whose final progress ends the run (default inference;
                                        submit awaits probe per probing suite and model, scoring
                                        per questions or instructions suite)

            exit codes: 0 completed, 1 run failed, 2 bad usage or request, 3 timed out, 4 Kafka error
            """;

    private final PrintStream out;
    private final PrintStream err;

    FathomCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new FathomCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--wait")) {
                options.put("wait", "true");
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    err.println("option " + args[i] + " needs a value");
                    return USAGE;
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        Set<String> known = Set.of("wait", "bootstrap", "timeout", "services");
        for (String option : options.keySet()) {
            if (!known.contains(option)) {
                err.println("unknown option --" + option + "\n" + USAGE_TEXT);
                return USAGE;
            }
        }
        if (positional.size() != (positional.size() == 1 && positional.get(0).equals("topics") ? 1 : 2)) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String bootstrap = options.getOrDefault("bootstrap",
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        Duration timeout;
        try {
            timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "900")));
        } catch (NumberFormatException e) {
            err.println("--timeout takes whole seconds, not " + options.get("timeout"));
            return USAGE;
        }
        Set<String> services = Set.of(options.getOrDefault("services", "inference").split(","));
        try {
            return switch (positional.get(0)) {
                case "validate" -> validate(Path.of(positional.get(1))) == null ? USAGE : OK;
                case "submit" -> submit(Path.of(positional.get(1)), bootstrap, options.containsKey("wait"), timeout,
                        services);
                case "topics" -> {
                    try (RunClient client = new RunClient(bootstrap)) {
                        List<String> created = client.ensureTopics();
                        out.println(created.isEmpty() ? "all fathom topics exist" : "created " + created);
                        yield OK;
                    }
                }
                case "watch" -> {
                    try (RunClient client = new RunClient(bootstrap)) {
                        yield follow(client, positional.get(1), client.startOfResults(), null, timeout,
                                services, Map.of());
                    }
                }
                default -> {
                    err.print("unknown command " + positional.get(0) + "\n" + USAGE_TEXT);
                    yield USAGE;
                }
            };
        } catch (IOException e) {
            err.println(e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage());
            return USAGE;
        } catch (RuntimeException e) { // Kafka unreachable, a topic that cannot be created or read
            err.println("error: " + e.getMessage());
            return KAFKA_ERROR;
        }
    }

    /** The accepted request, or null after printing why it is rejected. */
    private EvaluationRequest validate(Path file) throws IOException {
        RequestParser.Outcome outcome = new RequestParser().parse(Files.readAllBytes(file));
        if (outcome instanceof RequestParser.Rejected rejected) {
            err.println(file + ": " + rejected.code() + ": " + rejected.message());
            rejected.details().stream().skip(1).forEach(d -> err.println("  " + d));
            return null;
        }
        EvaluationRequest request = ((RequestParser.Accepted) outcome).request();
        out.println(file + ": valid request for run " + request.runId());
        return request;
    }

    private int submit(Path file, String bootstrap, boolean wait, Duration timeout, Set<String> services)
            throws IOException {
        EvaluationRequest request = validate(file);
        if (request == null) {
            return USAGE;
        }
        String runId = request.runId();
        // the probe-service reports per (model, probing suite), the scoring-service per scored suite
        Map<String, Integer> scopes = Map.of(
                "probe", (int) request.suites().stream().filter(s -> s.kind() == SuiteKind.PROBING).count()
                        * request.models().size(),
                "scoring", (int) request.suites().stream().filter(s -> s.kind().scored()).count());
        try (RunClient client = new RunClient(bootstrap)) {
            client.ensureTopics();
            RunClient.Offsets before = client.endOffsets();
            client.submit(runId, Files.readAllBytes(file));
            out.println("submitted run " + runId + " to " + bootstrap);
            return wait ? follow(client, runId, before.results(), before, timeout, services, scopes) : OK;
        }
    }

    private int follow(RunClient client, String runId, Map<TopicPartition, Long> resultsFrom,
            RunClient.Offsets statesFrom, Duration timeout, Set<String> services, Map<String, Integer> scopes) {
        ProbeReport probes = new ProbeReport();
        ScoringReport scores = new ScoringReport();
        RunClient.Outcome outcome = client.follow(runId, resultsFrom, services, scopes, timeout, out, event -> {
            probes.add(event);
            scores.add(event);
        });
        if (outcome == RunClient.Outcome.TIMED_OUT) {
            err.println("run " + runId + " did not finish within " + timeout.toSeconds() + " s");
            return TIMED_OUT;
        }
        if (statesFrom != null) {
            new HiddenStateReport(client.hiddenStates(runId, statesFrom.hiddenStates())).print(out);
        }
        probes.print(out);
        scores.print(out);
        return outcome == RunClient.Outcome.COMPLETED ? OK : RUN_FAILED;
    }
}
