package io.fathom.contracts.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One suite of a run. Which fields are set depends on {@link #kind()}; the JSON Schema enforces the
 * combinations. {@code items} stays untyped here because its element type depends on the kind.
 */
public record Suite(String name, SuiteKind kind, String description, String task, List<JsonNode> items,
        DatasetRef dataset, GeneratedDataset generated, List<Question> questions, Rubric rubric, List<InstructionTemplate> templates,
        List<CorpusSource> sources, List<Double> ratios, List<PrecomputedResponse> responses, MixOptions mix) {

    /** The suite without its recorded answers, which travel as generation events of their own. */
    public Suite withoutResponses() {
        return new Suite(name, kind, description, task, items, dataset, generated, questions, rubric, templates,
                sources, ratios, null, mix);
    }

    /** Inline items of a probing suite (empty when it reads a dataset). */
    public List<LabelledText> labelledTexts() {
        return typedItems(LabelledText.class);
    }

    /** Inline items of an instructions suite. */
    public List<InstructionItem> instructionItems() {
        return typedItems(InstructionItem.class);
    }

    private <T> List<T> typedItems(Class<T> type) {
        if (items == null) {
            return List.of();
        }
        List<T> typed = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            try {
                typed.add(Json.MAPPER.treeToValue(item, type));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("suite '" + name + "': item is not a " + type.getSimpleName()
                        + ": " + e.getOriginalMessage(), e);
            }
        }
        return typed;
    }
}
