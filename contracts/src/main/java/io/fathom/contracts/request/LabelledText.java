package io.fathom.contracts.request;

import java.util.Map;

/** A sentence with its label and split, the unit of a probing suite. */
public record LabelledText(String id, String text, String label, String split, Map<String, String> metadata) {
}
