package io.fathom.contracts.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.result.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Turns raw request bytes into a validated {@link EvaluationRequest}, or says exactly why it cannot. */
public final class RequestParser {

    public static final String SCHEMA_RESOURCE = "/schemas/evaluation-request.schema.json";
    private static final int MAX_DETAILS = 20;

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
        String runId = tree.path("runId").isTextual() ? tree.path("runId").asText() : null;
        if (!tree.isObject()) {
            return new Rejected(null, ErrorCode.SCHEMA_VIOLATION, "request must be a JSON object, not "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT), List.of());
        }
        Set<ValidationMessage> violations = schema.validate(tree);
        if (!violations.isEmpty()) {
            List<String> details = violations.stream()
                    .map(ValidationMessage::getMessage)
                    .sorted(Comparator.naturalOrder())
                    .limit(MAX_DETAILS)
                    .toList();
            return new Rejected(runId, ErrorCode.SCHEMA_VIOLATION, "request violates the schema ("
                    + violations.size() + " problem" + (violations.size() == 1 ? "" : "s") + "): " + details.get(0),
                    details);
        }
        try {
            return new Accepted(Json.MAPPER.treeToValue(tree, EvaluationRequest.class));
        } catch (JsonProcessingException e) {
            return new Rejected(runId, ErrorCode.SCHEMA_VIOLATION, "request could not be mapped: "
                    + e.getOriginalMessage(), List.of());
        }
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
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
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
