package io.fathom.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.stream.Collectors;

/** The JSON mapping every fathom payload uses, so that producers and consumers agree byte for byte. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // the request schema already rejects unknown fields; results stay readable by older consumers
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a record or line holds one document: anything after it is an error, never silently dropped
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * What is wrong with unreadable JSON, without echoing the input: Jackson's own messages can quote
     * the payload, which may hold anything (a dataset line, a secret).
     */
    public static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            String message = json.getOriginalMessage();
            if (message.startsWith("Trailing token")) {
                message = "content after the end of the JSON document (one document per record or line)";
            }
            int quote = message.indexOf(" (for ");
            message = quote > 0 ? message.substring(0, quote) : message;
            message = message.replaceAll("'[^']*'", "'...'").replaceAll("\"[^\"]*\"", "\"...\"");
            if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return message + " at " + mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."));
            }
            JsonLocation at = json.getLocation();
            return at == null ? message : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return e.getClass().getSimpleName();
    }

    private Json() {
    }
}
