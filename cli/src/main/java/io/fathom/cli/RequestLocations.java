package io.fathom.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a request file a schema violation is: the validator names the value by its path
 * ({@code $.suites[0].kind: ...}), an editor wants a line and a column, in the file as written
 * (JSON or YAML: both parsers name their tokens by the same pointer).
 */
final class RequestLocations {

    /** The path a validator message starts with, up to its colon. */
    private static final Pattern PATH = Pattern.compile("^(\\$(?:\\.[^.\\[:\\s]+|\\[\\d+]|\\['[^']*'])*):");
    private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\['([^']*)']");

    private RequestLocations() {
    }

    /** "line:column" of the value a validator message is about, or null when it names none that is in the file. */
    static String of(JsonFactory format, byte[] request, String message) {
        Matcher path = PATH.matcher(message);
        if (!path.find()) {
            return null;
        }
        String pointer = pointer(path.group(1));
        try (JsonParser parser = format.createParser(request)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME && !token.isStructEnd()
                        && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    JsonLocation at = parser.currentTokenLocation();
                    return at.getLineNr() + ":" + at.getColumnNr();
                }
            }
        } catch (IOException e) {
            return null; // not reached for a request the schema was checked against: it parsed
        }
        return null;
    }

    /** $.suites[0].kind as the JSON pointer /suites/0/kind. */
    private static String pointer(String path) {
        StringBuilder pointer = new StringBuilder();
        Matcher segment = SEGMENT.matcher(path.substring(1));
        while (segment.find()) {
            String name = segment.group(1) != null ? segment.group(1)
                    : segment.group(2) != null ? segment.group(2) : segment.group(3);
            pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }
}
