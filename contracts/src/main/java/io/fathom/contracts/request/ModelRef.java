package io.fathom.contracts.request;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A model named in a request: {@code name} or {@code name@version}, with optional metadata. */
public record ModelRef(String id, ModelMetadata metadata) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ModelRef of(String id) {
        return new ModelRef(id, null);
    }

    public String name() {
        int at = id.indexOf('@');
        return at < 0 ? id : id.substring(0, at);
    }

    /** The version after '@', or null when the request left it to the service's default. */
    public String version() {
        int at = id.indexOf('@');
        return at < 0 ? null : id.substring(at + 1);
    }
}
