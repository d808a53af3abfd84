package io.fathom.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.Services;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * fathom's command line: validate a request, submit it to Kafka, follow its progress on
 * fathom.results and print a report of what the services produced.
 */
@Command(name = "fathom", mixinStandardHelpOptions = true, version = "fathom 0.1.0",
        description = "Submit evaluation runs to fathom and follow them to the end.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:completed", "1:run failed", "2:bad usage or request", "3:timed out", "4:Kafka error"})
public final class FathomCli {

    static final int OK = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;
    static final int KAFKA_ERROR = 4;

    private final PrintStream out;
    private final PrintStream err;
    /** Whether out is a terminal, where progress bars are redrawn in place. */
    private final boolean terminal;

    FathomCli(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    FathomCli(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(new FathomCli(System.out, System.err, System.console() != null).run(args));
    }

    int run(String[] args) {
        // the commands are inner classes: they print to this instance's streams
        CommandLine command = new CommandLine(this).addSubcommand(new Validate()).addSubcommand(new Submit())
                .addSubcommand(new Watch()).addSubcommand(new Results()).addSubcommand(new Report())
                .addSubcommand(new Lineage()).addSubcommand(new Rescore())
                .addSubcommand(new Topics());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof NoSuchFileException) {
                err.println("no such file: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof IOException) {
                err.println(e.getMessage());
                return USAGE;
            }
            err.println("error: " + e.getMessage()); // Kafka unreachable, credentials refused, a topic unreadable
            return KAFKA_ERROR;
        });
        return command.execute(args);
    }

    /** Where Kafka is and how to reach it: every Kafka client setting, security included. */
    static final class KafkaOptions {
        @Option(names = "--bootstrap", paramLabel = "host:port",
                defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})")
        String bootstrap;

        @Option(names = "--client-config", paramLabel = "file",
                description = "a properties file of Kafka client settings, e.g. security.protocol, sasl.mechanism,"
                        + " sasl.jaas.config, ssl.truststore.location")
        Path clientConfig;

        @Option(names = {"-X", "--client-setting"}, paramLabel = "key=value",
                description = "one Kafka client setting; overrides --client-config")
        Map<String, String> settings = Map.of();

        ClientSettings clientSettings() throws IOException {
            return ClientSettings.of(bootstrap, clientConfig, settings);
        }
    }

    /** How long to follow a run and whose end to wait for. */
    static final class FollowOptions {
        @Option(names = "--timeout", paramLabel = "seconds", defaultValue = "900",
                description = "give up waiting after this long (default ${DEFAULT-VALUE})")
        long timeoutSeconds;

        @Option(names = "--services", split = ",", paramLabel = "service",
                description = "services whose run-level final progress ends the run (default: every service the"
                        + " run involves: inference, probe for probing suites, scoring for questions and"
                        + " instructions suites, datamix for corpus suites)")
        List<String> services;

        Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a request"
            + " (JSON, or YAML for .yaml/.yml files) against the schema; send nothing.")
    final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "request.json|yaml")
        Path file;

        @Override
        public Integer call() throws IOException {
            return validate(file) == null ? USAGE : OK;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Send a run (a JSON"
            + " request, or YAML for .yaml/.yml files, sent as JSON) to fathom.requests; with --wait, follow it to"
            + " the end with a progress bar per service.")
    final class Submit implements Callable<Integer> {
        @Parameters(paramLabel = "request.json|yaml")
        Path file;

        @Option(names = "--wait", description = "follow the run until every service involved has finished it")
        boolean wait;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Mixin
        FollowOptions follow = new FollowOptions();

        @Override
        public Integer call() throws IOException {
            Validated validated = validate(file);
            if (validated == null) {
                return USAGE;
            }
            EvaluationRequest request = validated.request();
            try (RunClient client = new RunClient(kafka.clientSettings())) {
                client.ensureTopics();
                RunClient.Offsets before = client.endOffsets();
                client.submit(request.runId(), validated.json());
                out.println("submitted run " + request.runId() + " to " + kafka.bootstrap);
                return wait ? FathomCli.this.follow(client, request.runId(), before.results(), before, follow,
                        servicesOf(request)) : OK;
            }
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a run from the start of"
            + " fathom.results to its end: its errors and finals, and a progress bar with an ETA per service it"
            + " involves (redrawn in place on a terminal, plain lines otherwise).")
    final class Watch implements Callable<Integer> {
        @Parameters(paramLabel = "runId")
        String runId;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Mixin
        FollowOptions follow = new FollowOptions();

        @Override
        public Integer call() throws IOException {
            try (RunClient client = new RunClient(kafka.clientSettings())) {
                Set<String> involved = client.findRequest(runId).map(FathomCli::servicesOf).orElseGet(() -> {
                    if (follow.services == null) {
                        out.println("run " + runId + " is not on fathom.requests; following the inference-service"
                                + " only (name others with --services)");
                    }
                    return Set.of(Services.INFERENCE);
                });
                return FathomCli.this.follow(client, runId, client.startOfResults(), null, follow, involved);
            }
        }
    }

    @Command(name = "rescore", mixinStandardHelpOptions = true, description = "Grade a run's answers again with"
            + " another rubric or judge, calling no model: its scored suites' records on fathom.generations (definitions,"
            + " answers, the embedder's vectors) are published again under a new run id, which the scoring-service"
            + " grades like any run; then the new run is followed like submit --wait. Nothing goes to fathom.requests.")
    final class Rescore implements Callable<Integer> {
        @Parameters(paramLabel = "runId", description = "the run whose answers are graded again")
        String runId;

        @Option(names = "--rubric", paramLabel = "rubric.json", description = "the rubric every scored suite is"
                + " graded by, as in a request: {name, threshold, categories: [...]}")
        Path rubric;

        @Option(names = "--judge", paramLabel = "name", description = "the judge: reference or llm (default: the"
                + " run's)")
        String judge;

        @Option(names = "--as", paramLabel = "newRunId", description = "the new run's id (default <runId>-rescored-<n>,"
                + " the first n not yet on fathom.generations)")
        String newRunId;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Mixin
        FollowOptions follow = new FollowOptions();

        @Override
        public Integer call() throws IOException {
            if (rubric == null && judge == null) {
                err.println("rescore needs --rubric or --judge (or both)");
                return USAGE;
            }
            JsonNode newRubric = null;
            if (rubric != null) {
                try {
                    newRubric = Json.MAPPER.readTree(Files.readAllBytes(rubric));
                } catch (JsonProcessingException e) {
                    err.println(rubric + ": not valid JSON: " + Json.describe(e));
                    return USAGE;
                }
            }
            try (RunClient client = new RunClient(kafka.clientSettings())) {
                client.ensureTopics();
                String prefix = runId + "-rescored-";
                List<ConsumerRecord<String, byte[]>> records = client.generations(key -> key != null
                        && (key.startsWith(runId + "/") || key.startsWith(newRunId == null ? prefix : newRunId + "/")));
                String target = newRunId != null ? newRunId : prefix + (1 + records.stream()
                        .filter(r -> r.key().startsWith(prefix)).mapToInt(r -> rescoreNumber(prefix, r.key()))
                        .max().orElse(0));
                if (newRunId != null && records.stream().anyMatch(r -> r.key().startsWith(newRunId + "/"))) {
                    // the scoring-service would take the copies for a replay of a run it has finished
                    err.println("run " + newRunId + " is already on " + io.fathom.contracts.Topics.GENERATIONS
                            + ": choose another --as");
                    return USAGE;
                }
                RescoreRecords copier = new RescoreRecords(runId, target, newRubric, judge);
                List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (copier.isOfRun(record.key())) {
                        try {
                            copies.add(copier.copy(record));
                        } catch (MalformedEventException e) { // the new rubric or judge breaks the schema
                            err.println((rubric != null ? rubric + ": " : "") + e.getMessage());
                            return USAGE;
                        }
                    }
                }
                if (copies.isEmpty()) {
                    err.println("no scored suite of run " + runId + " on " + io.fathom.contracts.Topics.GENERATIONS + " at "
                            + kafka.bootstrap + " (read to its end): check the run id");
                    return USAGE;
                }
                RunClient.Offsets before = client.endOffsets();
                client.publish("publish run " + target, copies);
                out.println("rescoring run " + runId + " as run " + target + " (" + copies.size() + " records)");
                return FathomCli.this.follow(client, target, before.results(), null, follow, Set.of(Services.SCORING));
            }
        }
    }

    /** n of a key runId-rescored-n/suite; 0 where what follows the prefix is not a number. */
    private static int rescoreNumber(String prefix, String key) {
        String n = key.substring(prefix.length(), Math.max(prefix.length(), key.indexOf('/')));
        return n.matches("\\d{1,9}") ? Integer.parseInt(n) : 0;
    }

    @Command(name = "results", mixinStandardHelpOptions = true, description = "Print a run's tables (those submit"
            + " --wait prints, but the hidden-state summary) from fathom.results, read from its start to its end;"
            + " with --json, its result events.")
    final class Results implements Callable<Integer> {
        @Parameters(paramLabel = "runId")
        String runId;

        @Option(names = "--json", description = "print the run's result events as JSON lines (JSONL): one event per"
                + " line, each key once (its latest copy), in the order read")
        boolean json;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Override
        public Integer call() throws IOException {
            RunResults results = readRun(runId, kafka);
            if (results == null) {
                return USAGE;
            }
            if (json) {
                for (ResultEvent event : results.events()) {
                    out.println(Json.MAPPER.writeValueAsString(event));
                }
            } else {
                results.print(out);
            }
            return OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Write a run's results as one"
            + " self-contained HTML file with plots (inline CSS and SVG, no scripts: viewable offline).")
    final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "runId")
        String runId;

        @Option(names = {"-o", "--output"}, paramLabel = "file", description = "where to write it (default"
                + " report-<runId>.html)")
        Path output;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Override
        public Integer call() throws IOException {
            RunResults results = readRun(runId, kafka);
            if (results == null) {
                return USAGE;
            }
            Path file = output != null ? output : Path.of("report-" + runId + ".html");
            Files.writeString(file, new HtmlReport(results).render());
            out.println("report of run " + runId + ": " + file.toAbsolutePath());
            return OK;
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true, description = "Trace an evaluation run's models back"
            + " to the mixtures they were fine-tuned on (metadata dataMixId and epoch): the curve of target and general"
            + " acceptability over ratio and epoch against the baseline (the run's first model), and the recommended"
            + " ratio.")
    final class Lineage implements Callable<Integer> {
        @Parameters(paramLabel = "runId", description = "the evaluation run (a questions suite with the baseline first)")
        String runId;

        @Option(names = "--suite", description = "the questions suite (default: the run's first)")
        String suite;

        @Option(names = "--tolerance", defaultValue = "" + MixtureLineage.DEFAULT_TOLERANCE,
                description = "how far general acceptability may fall below the baseline's (default ${DEFAULT-VALUE})")
        double tolerance;

        @Option(names = "--target-domain", defaultValue = MixtureLineage.DEFAULT_TARGET_DOMAIN,
                description = "the questions' domain the mixtures should raise (default ${DEFAULT-VALUE})")
        String targetDomain;

        @Option(names = "--general-domain", defaultValue = MixtureLineage.DEFAULT_GENERAL_DOMAIN,
                description = "the questions' domain that must not fall (default ${DEFAULT-VALUE})")
        String generalDomain;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Override
        public Integer call() throws IOException {
            RunResults results = readRun(runId, kafka);
            if (results == null) {
                return USAGE;
            }
            Optional<ScoreSummary> scores = results.scores.scoreSummaries().stream()
                    .filter(s -> suite == null || s.suite().equals(suite)).findFirst();
            if (scores.isEmpty()) {
                err.println("no score summary of run " + runId + (suite == null ? "" : " suite " + suite)
                        + " on fathom.results");
                return USAGE;
            }
            results.lineage(scores.get(), targetDomain, generalDomain).print(out, tolerance);
            return OK;
        }
    }

    @Command(name = "topics", mixinStandardHelpOptions = true, description = "Create fathom's topics where missing (submit does it too).")
    final class Topics implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Override
        public Integer call() throws IOException {
            try (RunClient client = new RunClient(kafka.clientSettings())) {
                List<String> created = client.ensureTopics();
                out.println(created.isEmpty() ? "all fathom topics exist" : "created " + created);
                return OK;
            }
        }
    }

    /** The services a run involves, each of which ends it with a run-level final progress event. */
    static Set<String> servicesOf(EvaluationRequest request) {
        Set<String> services = new LinkedHashSet<>(List.of(Services.INFERENCE));
        if (request.suites().stream().anyMatch(s -> s.kind() == SuiteKind.PROBING)) {
            services.add(Services.PROBE);
        }
        if (request.suites().stream().anyMatch(s -> s.kind().scored())) {
            services.add(Services.SCORING);
        }
        if (request.suites().stream().anyMatch(s -> s.kind() == SuiteKind.CORPUS)) {
            services.add(Services.DATAMIX);
        }
        return services;
    }

    /** The run's results, read from the start of fathom.results to its end; null after saying there are none. */
    private RunResults readRun(String runId, KafkaOptions kafka) throws IOException {
        RunResults results = new RunResults(runId);
        try (RunClient client = new RunClient(kafka.clientSettings())) {
            // other runs' mixtures too: this run's models may have been fine-tuned on them (lineage)
            client.results(e -> runId.equals(e.runId()) || e instanceof MixtureResult).forEach(results::add);
        }
        if (results.isEmpty()) {
            err.println("no results of run " + runId + " on fathom.results at " + kafka.bootstrap
                    + " (read to its end): check the run id, or submit it");
            return null;
        }
        return results;
    }

    /** An accepted request and the JSON that goes on fathom.requests (a YAML file's, converted). */
    record Validated(EvaluationRequest request, byte[] json) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The accepted request, or null after printing why it is rejected. */
    private Validated validate(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        byte[] json = raw;
        if (yaml) {
            // the services read JSON: YAML is the same tree written another way, checked against the same schema
            try {
                json = Json.MAPPER.writeValueAsBytes(YAML.readTree(raw));
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                // SnakeYAML's problem alone: its full message quotes the file's lines
                String problem = e.getCause() instanceof MarkedYAMLException marked ? marked.getProblem()
                        : e.getOriginalMessage().lines().findFirst().orElse("");
                err.println(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                        + ": MALFORMED_YAML: request is not valid YAML: " + problem);
                return null;
            }
        }
        RequestParser.Outcome outcome = new RequestParser().parse(json);
        if (outcome instanceof RequestParser.Rejected rejected) {
            // file:line:column as compilers print it; malformed JSON carries its line and column in the message
            JsonFactory format = yaml ? YAML.getFactory() : Json.MAPPER.getFactory();
            List<String> details = rejected.details();
            err.println(at(file, format, raw, details.isEmpty() ? "" : details.get(0)) + rejected.code() + ": "
                    + rejected.message());
            details.stream().skip(1).forEach(d -> err.println("  " + at(file, format, raw, d) + d));
            return null;
        }
        EvaluationRequest request = ((RequestParser.Accepted) outcome).request();
        out.println(file + ": valid request for run " + request.runId());
        return new Validated(request, json);
    }

    private static String at(Path file, JsonFactory format, byte[] raw, String detail) {
        String location = RequestLocations.of(format, raw, detail);
        return file + (location == null ? "" : ":" + location) + ": ";
    }

    private int follow(RunClient client, String runId, Map<TopicPartition, Long> resultsFrom,
            RunClient.Offsets statesFrom, FollowOptions options, Set<String> involved) {
        Set<String> services = options.services == null ? involved : new LinkedHashSet<>(options.services);
        RunResults results = new RunResults(runId);
        ProgressView view = new ProgressView(out, terminal, services);
        RunClient.Outcome outcome = client.follow(runId, resultsFrom, services, options.timeout(), event -> {
            view.accept(event);
            results.add(event);
        }, view::tick);
        view.finish();
        if (outcome == RunClient.Outcome.TIMED_OUT) {
            err.println("run " + runId + " did not finish within " + options.timeoutSeconds + " s");
            return TIMED_OUT;
        }
        if (statesFrom != null) {
            new HiddenStateReport(client.hiddenStates(runId, statesFrom.hiddenStates())).print(out);
        }
        results.print(out);
        return outcome == RunClient.Outcome.COMPLETED ? OK : RUN_FAILED;
    }
}
