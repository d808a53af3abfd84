package io.fathom.contracts.result;

/** Why something was rejected; stable names that consumers may switch on. */
public enum ErrorCode {
    /** The record is not one JSON document: not JSON at all, or content after the document. */
    MALFORMED_JSON,
    /** JSON that violates the request schema; details list each violation. */
    SCHEMA_VIOLATION,
    /** The request is larger than the service accepts. */
    REQUEST_TOO_LARGE,
    /** A run id already submitted with other content: a run id names one request. */
    RUN_ID_REUSED,
    /** A model the service does not serve; the message lists the ones it does. */
    UNKNOWN_MODEL,
    /** A suite with no items, inline or in its dataset. */
    EMPTY_SUITE,
    /** Two items of one suite share an id, so their results could not be told apart. */
    DUPLICATE_ITEM,
    /** A dataset that could not be read; the message names the line and what is wrong with it. */
    DATASET_UNREADABLE,
    /** A dataset file this service may not read: no dataset roots configured, outside them, or not a regular file. */
    DATASET_FORBIDDEN,
    /** A dataset file beyond a bound on reading it (bytes, lines, line length, time); the message names the property. */
    DATASET_TOO_LARGE,
    /** A suite kind or option this service or backend does not handle. */
    UNSUPPORTED,
    /** The model backend failed or is unreachable. */
    BACKEND_FAILURE,
    /** The model produced NaN or infinite values. */
    NON_FINITE_OUTPUT,
    /** A payload that could not be decoded. */
    MALFORMED_PAYLOAD,
    /** Hidden states whose shape differs from the other items of the same model. */
    WRONG_SHAPE,
    /** Items that cannot be probed: no label, or a split other than train, dev, test. */
    UNUSABLE_ITEM,
    /** A probing task whose training labels have a single class. */
    SINGLE_CLASS,
    /** A split with too few samples to train or evaluate a probe. */
    TOO_FEW_SAMPLES,
    /** Training a probe failed for a reason of the service's own; the message says which. */
    TRAINING_FAILURE,
    /** An answer for a question (or instruction item) id that the suite does not have. */
    UNKNOWN_QUESTION,
    /** An answer attributed to a model that is not one of the run's models. */
    MODEL_NOT_IN_RUN,
    /** A rubric or per-question weights that cannot be used: negative or zero-sum weights, bad scales, unknown categories. */
    INVALID_RUBRIC,
    /** An instruction template without the placeholder its task needs, or an answer naming no known template. */
    INVALID_TEMPLATE,
    /** A judge's output whose verdict could not be read; never replaced by a default score. */
    UNPARSEABLE_VERDICT,
    /** The same (model, question, template) answered twice; the first answer is kept. */
    DUPLICATE_ANSWER,
    /** A suite or run that stayed incomplete longer than the service waits; the message says what was missing. */
    INCOMPLETE,
    /** A mixture that cannot be drawn as asked: weights summing to zero, a weight for no source, two ratios giving one mixture. */
    INVALID_MIX,
    /** A mixture asks for more examples than remain after deduplication; the message says how many there are. */
    NOT_ENOUGH_EXAMPLES,
    /** A mixture's manifest could not be written to the sink; nothing of it is presented as done. */
    SINK_UNWRITABLE,
    /** The service failed on input it had accepted; the message names the input and the failure. */
    PROCESSING_FAILURE
}
