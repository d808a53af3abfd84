package io.fathom.inference.domain;

import java.util.Map;

/** One text to run through every model of a run, with what downstream consumers need to know about it. */
public record WorkItem(String suite, String id, String text, String label, String split, Map<String, String> metadata) {
}
