package io.fathom.contracts.hidden;

import io.fathom.contracts.request.SuiteKind;

/** A suite of a run by name and kind: what each service needs to know which of a run's suites are its own. */
public record SuiteRef(String name, SuiteKind kind) {
}
