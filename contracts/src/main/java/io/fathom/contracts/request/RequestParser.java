package io.fathom.contracts.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.FailFastAssertionException;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fathom.contracts.EventFields;
import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.result.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Turns raw request bytes into a validated {@link EvaluationRequest}, or says exactly why it cannot. */
public final class RequestParser {

    public static final String SCHEMA_RESOURCE = "/schemas/evaluation-request.schema.json";
    private static final int MAX_DETAILS = 20;
    /**
     * Above this many JSON values an invalid request is reported by its first violation only: the
     * validator builds one message per failing element, so a large array of wrong values would
     * otherwise cost memory in proportion to its length (400,000 numbers exhausted a 512 MB heap).
     */
    static final int MAX_VALUES_FOR_DETAILS = 20_000;

    private final JsonSchema schema;

    /** Loaded on first use: the schema costs a few milliseconds to compile. */
    private static final class Shared {
        static final RequestParser PARSER = new RequestParser();
    }

    /** One parser for the whole JVM (it is thread-safe): for checks of events that carry parts of a request. */
    public static RequestParser shared() {
        return Shared.PARSER;
    }

    public RequestParser() {
        try (InputStream in = RequestParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE + " on the classpath");
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of parsing: either an accepted request or a rejection with a reason. */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    public record Accepted(EvaluationRequest request) implements Outcome {
    }

    /** A rejection; {@code runId} is set when the request was readable enough to name its run. */
    public record Rejected(String runId, ErrorCode code, String message, List<String> details) implements Outcome {
    }

    public Outcome parse(byte[] raw) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return new Rejected(peekRunId(raw), ErrorCode.MALFORMED_JSON, "request is not valid JSON: "
                    + Json.describe(e), List.of());
        }
        return parse(tree);
    }

    private Outcome parse(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            return new Rejected(null, ErrorCode.MALFORMED_JSON, "request is empty", List.of());
        }
        String runId = usableRunId(tree.path("runId").isTextual() ? tree.path("runId").asText() : null);
        if (!tree.isObject()) {
            return new Rejected(null, ErrorCode.SCHEMA_VIOLATION, "request must be a JSON object, not "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT), List.of());
        }
        Shape shape = Shape.of(tree);
        if (shape.nonFinite != null) {
            // the validator cannot compare such a number with a bound (it throws), and no field takes one
            return new Rejected(runId, ErrorCode.SCHEMA_VIOLATION, "request violates the schema: "
                    + shape.nonFinite + ": number out of range", List.of());
        }
        boolean small = shape.values <= MAX_VALUES_FOR_DETAILS;
        Set<ValidationMessage> violations = violations(tree, small);
        if (!violations.isEmpty()) {
            List<String> details = violations.stream()
                    .map(ValidationMessage::getMessage)
                    .sorted(Comparator.naturalOrder())
                    .limit(MAX_DETAILS)
                    .toList();
            String count = !small
                    ? "checked up to its first problem, as it holds over " + MAX_VALUES_FOR_DETAILS + " values"
                    : violations.size() + " problem" + (violations.size() == 1 ? "" : "s");
            return new Rejected(runId, ErrorCode.SCHEMA_VIOLATION, "request violates the schema (" + count + "): "
                    + details.get(0), details);
        }
        try {
            return new Accepted(Json.MAPPER.treeToValue(tree, EvaluationRequest.class));
        } catch (JsonProcessingException e) {
            return new Rejected(runId, ErrorCode.SCHEMA_VIOLATION, "request could not be mapped: "
                    + e.getOriginalMessage(), List.of());
        }
    }

    /** Every violation of a small request; at most the first of a large one (see {@link #MAX_VALUES_FOR_DETAILS}). */
    private Set<ValidationMessage> violations(JsonNode tree, boolean small) {
        if (small) {
            return schema.validate(tree);
        }
        try {
            return schema.validate(tree, context -> context.getExecutionConfig().setFailFast(true));
        } catch (FailFastAssertionException e) {
            return e.getValidationMessages();
        }
    }

    /** How many values a request holds, and where its first number beyond double range is. */
    private static final class Shape {
        int values;
        String nonFinite;

        static Shape of(JsonNode tree) {
            Shape shape = new Shape();
            shape.nonFinite = shape.walk(tree, "$");
            return shape;
        }

        /** Recursive: Jackson has already bounded the nesting depth while reading the tree. */
        private String walk(JsonNode node, String path) {
            values++;
            if (node.isNumber() && !Double.isFinite(node.asDouble())) {
                return path;
            }
            String found = null;
            if (node.isArray()) {
                for (int i = 0; i < node.size() && found == null; i++) {
                    found = walk(node.get(i), path + "[" + i + "]");
                }
            } else if (node.isObject()) {
                for (var fields = node.fields(); fields.hasNext() && found == null; ) {
                    var field = fields.next();
                    String key = field.getKey();
                    // a field name can be as long as the request: a path quotes at most its start
                    found = walk(field.getValue(), path + "." + (key.length() > 40 ? key.substring(0, 40) + "…" : key));
                }
            }
            return found;
        }
    }

    /**
     * The run id a rejection is published under: only a well-formed id, so that a request cannot make
     * an error result carry (and a log line repeat) a run id of any length.
     */
    private static String usableRunId(String runId) {
        return runId != null && EventFields.NAME.matcher(runId).matches() ? runId : null;
    }

    /**
     * Checks what a suite-end marker repeats of its request against the request schema, as a request
     * of the run's models, options and this one suite: a marker read off the topic has not been
     * through the inference-service's check. A probing suite is checked for its options only.
     *
     * @return null when they pass, otherwise the first violation
     */
    public String checkSuiteOfRun(String runId, List<?> models, RunOptions options, String suiteName, SuiteKind kind,
            Suite definition) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("schemaVersion", SchemaVersion.CURRENT);
        request.put("runId", runId);
        request.set("models", Json.MAPPER.valueToTree(models));
        request.set("options", Json.MAPPER.valueToTree(options));
        // without a definition only the run's parts are checked: a stand-in probing suite completes the request
        ObjectNode suite = definition != null ? Json.MAPPER.valueToTree(definition) : Json.MAPPER.createObjectNode()
                .put("name", suiteName).put("kind", SuiteKind.PROBING.json());
        if (definition == null) {
            suite.putArray("items").addObject().put("id", "x").put("text", "x");
        }
        request.putArray("suites").add(suite);
        return parse(request) instanceof Rejected rejected ? rejected.message() : null;
    }

    /**
     * The top-level "runId" of a request that may be too large or too broken to parse whole, read by
     * streaming until it appears; null when it cannot be found before the JSON breaks.
     */
    public static String peekRunId(byte[] raw) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("runId".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? usableRunId(parser.getText()) : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    public Outcome parse(String raw) {
        return parse(raw.getBytes(StandardCharsets.UTF_8));
    }
}
