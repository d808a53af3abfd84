package io.fathom.scoring.rubric;

import java.util.List;

/** A rubric or a question's weights that cannot be used; the message names what is wrong. */
public class RubricException extends RuntimeException {

    private final List<String> details;

    public RubricException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
