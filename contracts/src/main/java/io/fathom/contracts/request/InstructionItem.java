package io.fathom.contracts.request;

import java.util.List;

/** A QA or RE item with its gold answers or gold triples. */
public record InstructionItem(String id, String input, String context, List<String> answers, List<Triple> triples) {

    public record Triple(String head, String relation, String tail) {
    }
}
