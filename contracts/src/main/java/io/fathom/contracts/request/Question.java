package io.fathom.contracts.request;

import java.util.List;
import java.util.Map;

/** A test question with an optional reference answer, key points and per-question rubric weights. */
public record Question(String id, String domain, String topic, String question, String reference,
        List<String> keyPoints, Map<String, Double> weights) {
}
