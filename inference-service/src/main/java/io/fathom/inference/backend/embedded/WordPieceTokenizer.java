package io.fathom.inference.backend.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, read from a Hugging Face tokenizer.json: BertNormalizer
 * (clean text, space around CJK characters, lowercase, strip accents), BertPreTokenizer (split on
 * whitespace and punctuation), greedy longest-match WordPiece, then [CLS] ... [SEP].
 */
public final class WordPieceTokenizer {

    /** The token ids of one text, and whether it had to be cut to fit. */
    public record Encoding(long[] ids, boolean truncated) {
    }

    private final Map<String, Integer> vocab;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final String continuingPrefix;
    private final int maxInputCharsPerWord;
    private final boolean lowercase;
    private final boolean stripAccents;

    private WordPieceTokenizer(Map<String, Integer> vocab, String unk, String continuingPrefix,
            int maxInputCharsPerWord, boolean lowercase, boolean stripAccents) {
        this.vocab = vocab;
        this.unkId = idOf(vocab, unk);
        this.clsId = idOf(vocab, "[CLS]");
        this.sepId = idOf(vocab, "[SEP]");
        this.continuingPrefix = continuingPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
    }

    public static WordPieceTokenizer read(InputStream tokenizerJson) throws IOException {
        JsonNode root = Json.MAPPER.readTree(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IOException("tokenizer.json holds a " + model.path("type").asText()
                    + " model; only WordPiece is supported");
        }
        Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        JsonNode normalizer = root.path("normalizer");
        boolean lowercase = normalizer.path("lowercase").asBoolean(true);
        // BertNormalizer: strip_accents null means "follow lowercase"
        boolean stripAccents = normalizer.path("strip_accents").isNull() || normalizer.path("strip_accents").isMissingNode()
                ? lowercase : normalizer.path("strip_accents").asBoolean();
        return new WordPieceTokenizer(vocab, model.path("unk_token").asText("[UNK]"),
                model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100), lowercase, stripAccents);
    }

    /** Token ids with [CLS] and [SEP], at most {@code maxTokens} of them. */
    public Encoding encode(String text, int maxTokens) {
        List<Integer> pieces = new ArrayList<>();
        for (String word : preTokenize(normalize(text))) {
            wordPieces(word, pieces);
        }
        int kept = Math.min(pieces.size(), maxTokens - 2);
        long[] ids = new long[kept + 2];
        ids[0] = clsId;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = sepId;
        return new Encoding(ids, kept < pieces.size());
    }

    String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xfffd || isControl(cp)) {
                continue;
            }
            if (isWhitespace(cp)) {
                out.append(' ');
            } else if (isChinese(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        String normalized = out.toString();
        if (stripAccents) {
            normalized = Normalizer.normalize(normalized, Normalizer.Form.NFD);
            StringBuilder stripped = new StringBuilder(normalized.length());
            normalized.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                    .forEach(stripped::appendCodePoint);
            normalized = stripped.toString();
        }
        return lowercase ? normalized.toLowerCase(java.util.Locale.ROOT) : normalized;
    }

    private static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || isWhitespace(cp)) {
                flush(word, words);
            } else if (isPunctuation(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        }
        flush(word, words);
        return words;
    }

    private void wordPieces(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String piece = word.substring(start, end);
                found = vocab.get(start > 0 ? continuingPrefix + piece : piece);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) { // no piece matches: the whole word is unknown
                out.subList(mark, out.size()).clear();
                out.add(unkId);
                return;
            }
            out.add(found);
            start = end;
        }
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static int idOf(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("tokenizer vocabulary has no " + token + " token");
        }
        return id;
    }
}
