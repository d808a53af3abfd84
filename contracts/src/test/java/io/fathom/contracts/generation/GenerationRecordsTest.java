package io.fathom.contracts.generation;

import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records of fathom.generations are told apart by their type and checked before a service trusts them. */
class GenerationRecordsTest {

    static Suite questions(String name) {
        return new Suite(name, SuiteKind.QUESTIONS, null, null, null, null, null,
                List.of(new Question("q1", "in-domain", "law", "What is a tort?", "A civil wrong.", null, null)), null, null,
                null, null, null, null);
    }

    static SuiteDefinition definition(List<String> authors) {
        return new SuiteDefinition(SchemaVersion.CURRENT, "r", "qa", SuiteKind.QUESTIONS, questions("qa"),
                List.of(new ModelRef("base", null), new ModelRef("tuned", null)), RunOptions.DEFAULTS, authors,
                "all-minilm-l6-v2@int8", List.of(new SuiteRef("qa", SuiteKind.QUESTIONS)));
    }

    static GenerationEvent answer(String answer) {
        return new GenerationEvent(SchemaVersion.CURRENT, "r", "base", "qa", "q1", null, "What is a tort?", answer,
                GenerationEvent.Source.GENERATED, "triton:base", 5, 4, "stop", 12L,
                new GenerationParameters(64, 0.0, null, null, 7L, null, null));
    }

    @Test
    void eachRecordReadsBackAsItsOwnType() {
        SuiteDefinition definition = definition(List.of("base", "tuned"));
        GenerationEvent event = answer("A civil wrong.");
        GenerationEnd end = new GenerationEnd(SchemaVersion.CURRENT, "r", "base", "qa", 1, 0);
        SuiteEnd embedded = new SuiteEnd(SchemaVersion.CURRENT, "r", "e@1", List.of("e@1"), "qa", SuiteKind.QUESTIONS,
                "qa", 3, 0, RunOptions.DEFAULTS, List.of(new SuiteRef("qa", SuiteKind.QUESTIONS)), null);
        assertThat(GenerationRecords.parse(GenerationRecords.toBytes(definition))).isEqualTo(definition);
        assertThat(GenerationRecords.parse(GenerationRecords.toBytes(event))).isEqualTo(event);
        assertThat(GenerationRecords.parse(GenerationRecords.toBytes(end))).isEqualTo(end);
        assertThat(GenerationRecords.parse(embedded.toBytes())).isEqualTo(embedded);
        assertThat(new String(GenerationRecords.toBytes(event), StandardCharsets.UTF_8))
                .contains("\"type\":\"generation\"", "\"source\":\"generated\"");
    }

    @Test
    void answerIdsSeparateModelsItemsAndTemplates() {
        assertThat(answer("x").answerId()).isEqualTo("base/q1");
        assertThat(GenerationEvent.answerId("base", "q1", "t2")).isEqualTo("base/q1/t2");
    }

    @Test
    void brokenRecordsAreNamedNotTrusted() {
        assertThatThrownBy(() -> GenerationRecords.parse(GenerationRecords.toBytes(answer(null))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no answer");
        assertThatThrownBy(() -> GenerationRecords.parse("{\"type\":\"sonnet\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unknown record type");
        assertThatThrownBy(() -> GenerationRecords.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> GenerationRecords.parse("{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unreadable");
        String event = new String(GenerationRecords.toBytes(answer("x")), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GenerationRecords.parse((event + event).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("content after the end");
        assertThatThrownBy(() -> GenerationRecords.parse(GenerationRecords.toBytes(
                new GenerationEnd(SchemaVersion.CURRENT, "r", "base", "qa", -1, 0))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("out of range");
        SuiteDefinition other = new SuiteDefinition(SchemaVersion.CURRENT, "r", "qa", SuiteKind.QUESTIONS,
                questions("another"), List.of(new ModelRef("base", null)), null, List.of(), null,
                List.of(new SuiteRef("qa", SuiteKind.QUESTIONS)));
        assertThatThrownBy(() -> GenerationRecords.parse(GenerationRecords.toBytes(other)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("does not carry");
        assertThatThrownBy(() -> GenerationRecords.parse(GenerationRecords.toBytes(definition(List.of("base",
                "ghost"))))).isInstanceOf(MalformedEventException.class).hasMessageContaining("[ghost]");
        SuiteDefinition noQuestions = new SuiteDefinition(SchemaVersion.CURRENT, "r", "qa", SuiteKind.QUESTIONS,
                new Suite("qa", SuiteKind.QUESTIONS, null, null, null, null, null, null, null, null, null, null, null, null),
                List.of(new ModelRef("base", null)), null, List.of(), null, List.of(new SuiteRef("qa",
                        SuiteKind.QUESTIONS)));
        assertThatThrownBy(() -> GenerationRecords.parse(GenerationRecords.toBytes(noQuestions)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("questions");
    }
}
