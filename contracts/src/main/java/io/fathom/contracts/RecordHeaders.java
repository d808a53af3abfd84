package io.fathom.contracts;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka record headers fathom writes and reads, the one place they are spelled. Consumers route on
 * them without decoding a payload; a record without them (an older producer, kcat) is decoded instead.
 */
public final class RecordHeaders {

    /** The suite kind of a hidden-state event or suite-end marker ({@code probing}, {@code questions}, ...). */
    public static final String SUITE_KIND = "fathom-suite-kind";
    /**
     * What a record is: on fathom.hidden-states {@value #EVENT_HIDDEN_STATE} or {@value #EVENT_SUITE_END};
     * on fathom.generations also {@value #EVENT_SUITE_DEFINITION}, {@value #EVENT_GENERATION} and
     * {@value #EVENT_GENERATION_END}.
     */
    public static final String EVENT = "fathom-event";
    public static final String EVENT_HIDDEN_STATE = "hidden-state";
    public static final String EVENT_SUITE_END = "suite-end";
    public static final String EVENT_SUITE_DEFINITION = "suite-definition";
    public static final String EVENT_GENERATION = "generation";
    public static final String EVENT_GENERATION_END = "generation-end";
    /** The service that wrote a record of fathom.suite-outcomes. */
    public static final String SERVICE = "fathom-service";
    /**
     * Which submission of a run a record belongs to: the position ({@code partition@offset}) of the
     * request record on fathom.requests, on every record the inference-service writes for the run and
     * every suite outcome downstream. A resubmitted run id is a new submission, which downstream
     * services process again; a request redone after a restart keeps its position and its submission.
     */
    public static final String SUBMISSION = "fathom-submission";
    private static final Pattern SUBMISSION_VALUE = Pattern.compile("[0-9]{1,10}@[0-9]{1,19}");

    /** Dead-letter headers, named as SmallRye's dead-letter queue names them, so every copy reads alike. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    private RecordHeaders() {
    }

    /** The last value of a header as UTF-8, or null when absent. */
    public static String get(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The record's submission header, null when it has none (a record of an older producer or kcat).
     *
     * @throws MalformedEventException when it is not {@code partition@offset}
     */
    public static String submission(Headers headers) {
        String value = get(headers, SUBMISSION);
        if (value != null && !SUBMISSION_VALUE.matcher(value).matches()) {
            throw new MalformedEventException("header " + SUBMISSION + " is not partition@offset ("
                    + value.length() + " characters)");
        }
        return value;
    }

    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
