package io.fathom.contracts.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ErrorCode;
import org.junit.jupiter.api.Test;

class CorpusSuiteSchemaTest {

    private final RequestParser parser = new RequestParser();

    private RequestParser.Outcome parse(String suite) {
        return parser.parse("{\"schemaVersion\": 1, \"runId\": \"mix-1\", \"models\": [\"m\"], \"suites\": [" + suite
                + "]}");
    }

    @Test
    void aSweepOverSourcesFromFilesAndInlineIsAccepted() {
        RequestParser.Outcome outcome = parse("""
                {"name": "blend", "kind": "corpus", "ratios": [0, 0.25, 1],
                 "mix": {"size": 500, "weights": {"faq": 2, "chat": 1}, "nearDuplicateCosine": 0.9, "embedder": "m"},
                 "sources": [
                   {"name": "faq", "domain": "in-domain", "dataset": {"uri": "/data/faq.jsonl", "format": "jsonl"}},
                   {"name": "chat", "domain": "general", "items": [
                     {"id": "c1", "instruction": "Say hi.", "response": "Hi!"}, {"text": "Plain text."}]},
                   {"name": "seeds", "domain": "in-domain", "mix": false, "items": [{"text": "Reset the router."}]},
                   {"name": "crawl", "domain": "unlabelled", "dataset": {"uri": "/data/crawl.jsonl", "format": "jsonl"}}]}
                """);
        assertThat(outcome).isInstanceOf(RequestParser.Accepted.class);
        Suite suite = ((RequestParser.Accepted) outcome).request().suites().get(0);
        assertThat(suite.mix().size()).isEqualTo(500);
        assertThat(suite.mix().nearDuplicateCosineOrDefault()).isEqualTo(0.9);
        assertThat(suite.sources().get(1).items().get(0).content()).isEqualTo("Say hi.\n\nHi!");
        assertThat(suite.sources().get(1).items().get(1).content()).isEqualTo("Plain text.");
        assertThat(suite.sources().get(2).mixed()).isFalse();
        assertThat(suite.sources().get(3).labelled()).isFalse();
    }

    @Test
    void weightsAloneDrawOneMixture() {
        assertThat(parse("""
                {"name": "blend", "kind": "corpus", "mix": {"size": 10, "weights": {"a": 1}},
                 "sources": [{"name": "a", "domain": "general", "items": [{"text": "x"}]}]}
                """)).isInstanceOf(RequestParser.Accepted.class);
    }

    @Test
    void badMixturesAreNamed() {
        String source = "\"sources\": [{\"name\": \"a\", \"domain\": \"general\", \"items\": [{\"text\": \"x\"}]}]";
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [1.5], \"mix\": {\"size\": 10}, " + source
                + "}", "ratios");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [0.5, 0.5], \"mix\": {\"size\": 10}, "
                + source + "}", "ratios");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [0.5], " + source + "}", "mix");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"mix\": {\"size\": 10}, " + source + "}", "");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [0.5], \"mix\": {\"size\": 0}, " + source
                + "}", "size");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [0.5], \"mix\": {\"size\": 5, \"weights\":"
                + " {\"a\": -1}}, " + source + "}", "weights");
        assertRejected("{\"name\": \"b\", \"kind\": \"corpus\", \"ratios\": [0.5], \"mix\": {\"size\": 5, \"weights\":"
                + " {\"a\": 1e308}}, " + source + "}", "weights");
        assertRejected("""
                {"name": "b", "kind": "corpus", "ratios": [0.5], "mix": {"size": 5},
                 "sources": [{"name": "a", "domain": "general", "items": [{"text": "x", "instruction": "y"}]}]}
                """, "items");
        assertRejected("""
                {"name": "b", "kind": "corpus", "ratios": [0.5], "mix": {"size": 5},
                 "sources": [{"name": "a", "domain": "unlabelled", "mix": false, "items": [{"text": "x"}]}]}
                """, "mix");
        assertRejected("""
                {"name": "b", "kind": "corpus", "ratios": [0.5], "mix": {"size": 5},
                 "sources": [{"name": "a", "domain": "general"}]}
                """, "sources");
    }

    private void assertRejected(String suite, String mentioned) {
        assertThat(parse(suite)).as(suite).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
            assertThat(String.join("\n", r.details())).contains(mentioned);
        });
    }
}
