package io.fathom.contracts.request;

/** An answer produced outside fathom, to be graded without generation. */
public record PrecomputedResponse(String model, String questionId, String templateId, String answer) {
}
