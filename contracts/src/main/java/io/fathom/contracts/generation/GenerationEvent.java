package io.fathom.contracts.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fathom.contracts.EventFields;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.RecordHeaders;

/**
 * One answer on {@code fathom.generations}: what a model answered to one item of a scored suite
 * under one template, whoever produced it. Keyed run/suite like everything of its suite; its id
 * ({@link #answerId()}) is unique within the suite, so a redelivery is told from a new answer.
 *
 * @param template the instruction template's id; null for a questions suite
 * @param prompt the prompt as sent to the model (for a recorded answer: as fathom would have sent it)
 * @param source who wrote the answer
 * @param backend the backend that generated it ({@code triton:<model>}); null when recorded
 * @param finishReason {@code stop}, {@code length} (cut at maxNewTokens) or null when unknown
 * @param latencyMs the backend call's time, shared by the answers of one batch; null when recorded
 * @param parameters how it was sampled; null when recorded
 */
public record GenerationEvent(int schemaVersion, String runId, String model, String suite, String itemId,
        String template, String prompt, String answer, Source source, String backend, Integer promptTokens,
        Integer completionTokens, String finishReason, Long latencyMs, GenerationParameters parameters) {

    public static final String TYPE = RecordHeaders.EVENT_GENERATION;

    public enum Source {
        /** Given in the request: graded, never generated. */
        @JsonProperty("recorded") RECORDED,
        /** Produced by a model backend for this run. */
        @JsonProperty("generated") GENERATED
    }

    /** The JSON discriminator, so that a reader without headers tells the generations topic's records apart. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    /** Unique within a suite: the model, the item and the template. */
    public String answerId() {
        return answerId(model, itemId, template);
    }

    public static String answerId(String model, String itemId, String template) {
        return model + "/" + itemId + (template == null ? "" : "/" + template);
    }

    void check() {
        String what = "generation event";
        EventFields.requireVersion(schemaVersion, what);
        EventFields.requireName(runId, what, "runId");
        EventFields.requireName(model, what, "model");
        EventFields.requireName(suite, what, "suite");
        EventFields.requireId(itemId, what, "itemId");
        if (template != null) {
            EventFields.requireName(template, what, "template");
        }
        if (answer == null) {
            throw new MalformedEventException(what + " of item '" + itemId + "' has no answer (an empty one is \"\")");
        }
        if (source == null) {
            throw new MalformedEventException(what + " of item '" + itemId + "' has no source");
        }
        if (negative(promptTokens) || negative(completionTokens) || (latencyMs != null && latencyMs < 0)) {
            throw new MalformedEventException(what + " of item '" + itemId + "' has a negative count or latency");
        }
    }

    private static boolean negative(Integer value) {
        return value != null && value < 0;
    }
}
