package io.fathom.inference.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fathom's tokenizer against DJL's binding of Hugging Face's Rust tokenizers on the same tokenizer.json. */
class WordPieceTokenizerTest {

    static WordPieceTokenizer ours;
    static ReferenceEncoder reference;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            ours = WordPieceTokenizer.read(in);
        }
        reference = ReferenceEncoder.miniLm();
    }

    @AfterAll
    static void close() throws Exception {
        reference.close();
    }

    @Test
    void matchesTheReferenceTokenizer() {
        List<String> texts = List.of(
                "Hello, world!",
                "The customer's ASR transcript: uh, i wanna cancel my subscripshun.",
                "Café crème, naïve résumé; Ångström — “quoted” text…",
                "Tabs\tand\nnewlines\r\nand   many spaces",
                "中文字符 mixed with English and 日本語",
                "emoji 😀 and symbols © ® ™ $100.00 50% #hashtag @mention",
                "supercalifragilisticexpialidocious antidisestablishmentarianism",
                "x".repeat(150) + " long word",
                "control\u0000chars\u0007and\u200bzero width",
                "UPPER lower MiXeD 123abc abc123");
        for (String text : texts) {
            assertThat(ours.encode(text, 512).ids()).as(text).containsExactly(reference.tokenIds(text));
        }
    }

    @Test
    void truncatesKeepingTheSpecialTokens() {
        WordPieceTokenizer.Encoding encoding = ours.encode("one two three four five six", 5);
        assertThat(encoding.truncated()).isTrue();
        assertThat(encoding.ids()).hasSize(5);
        assertThat(encoding.ids()[0]).isEqualTo(101);
        assertThat(encoding.ids()[4]).isEqualTo(102);
        assertThat(ours.encode("one two", 5).truncated()).isFalse();
    }
}
