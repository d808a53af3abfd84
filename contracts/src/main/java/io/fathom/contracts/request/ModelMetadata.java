package io.fathom.contracts.request;

import java.util.Map;

/** What a model is, for grouping results: size, lineage and how it was fine-tuned. */
public record ModelMetadata(String baseModel, Double sizeBillions, String fineTuning, String adapter, Integer epoch,
        String dataMixId, Map<String, String> tags) {
}
