package io.fathom.inference.backend.embedded;

import io.fathom.inference.config.InferenceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads an embedded model: its tokenizer and ONNX graph from the classpath or a file. */
public final class EmbeddedLoader {

    private EmbeddedLoader() {
    }

    public static OnnxEncoder load(String id, InferenceConfig.ModelConfig model) throws IOException {
        String tokenizerAt = model.tokenizer().orElseThrow(() -> new IOException("model " + id
                + " is embedded but names no tokenizer (fathom.inference.models.<name>.tokenizer)"));
        String onnxAt = model.onnx().orElseThrow(() -> new IOException("model " + id
                + " is embedded but names no ONNX graph (fathom.inference.models.<name>.onnx)"));
        WordPieceTokenizer tokenizer;
        try (InputStream in = open(tokenizerAt)) {
            tokenizer = WordPieceTokenizer.read(in);
        }
        byte[] onnx;
        try (InputStream in = open(onnxAt)) {
            onnx = in.readAllBytes();
        }
        return new OnnxEncoder(id, onnx, tokenizer, model.maxTokens(), model.threads());
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = EmbeddedLoader.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        Path path = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        if (!Files.isReadable(path)) {
            throw new IOException("model file " + path + " is not readable");
        }
        return Files.newInputStream(path);
    }
}
