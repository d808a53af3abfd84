package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFingerprintTest {

    @Test
    void normalisationFoldsCompatibilityFormsCaseAndWhiteSpace() {
        // full-width letters, the fi ligature, a no-break space, a tab, an em space, a line break
        assertThat(TextFingerprint.normalize("  Ｔｈｅ\u00A0\uFB01nal\tWORD\u2003\n")).isEqualTo("the final word");
        assertThat(TextFingerprint.of("  Ｔｈｅ\u00A0\uFB01nal\tWORD\u2003\n"))
                .isEqualTo(TextFingerprint.of("the final word"));
    }

    @Test
    void textsThatDifferInLettersOrPunctuationHaveDifferentFingerprints() {
        assertThat(TextFingerprint.of("the final word")).isNotEqualTo(TextFingerprint.of("the final word."))
                .isNotEqualTo(TextFingerprint.of("the finalword"))
                .isNotEqualTo(TextFingerprint.of("the final ward"));
    }
}
