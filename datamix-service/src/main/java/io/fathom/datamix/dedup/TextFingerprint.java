package io.fathom.datamix.dedup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The identity of a text for exact deduplication: the first 128 bits of the SHA-256 of its
 * normalised form, UTF-8 encoded. Two texts that differ only in Unicode compatibility forms, case or
 * whitespace get the same fingerprint; at 10 million texts, two different ones share it with
 * probability about 10^-25.
 */
public record TextFingerprint(long high, long low) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    public static TextFingerprint of(String text) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(normalize(text).getBytes(StandardCharsets.UTF_8)));
        return new TextFingerprint(digest.getLong(), digest.getLong());
    }

    /** 32 hexadecimal digits, as manifests write it. */
    public String hex() {
        return String.format("%016x%016x", high, low);
    }

    /**
     * Unicode NFKC (full-width letters, ligatures and no-break spaces become their plain forms), then
     * lower case in the root locale, then the words (runs of Unicode white space separate them)
     * joined by one space, so leading and trailing white space is gone.
     */
    public static String normalize(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.splitAsStream(lower).filter(word -> !word.isEmpty()).collect(Collectors.joining(" "));
    }
}
