package io.fathom.contracts.request;

/** One training example of a corpus: an instruction with its response, or plain text. */
public record CorpusExample(String id, String text, String instruction, String response) {

    /** The text that is embedded, fingerprinted and mixed: the plain text, or instruction and response. */
    public String content() {
        return text != null ? text : instruction + "\n\n" + response;
    }
}
