package io.fathom.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes every built-in dataset at 4000/1000/1000 with seed 1 as JSONL ({@code split}, {@code label},
 * {@code text}), one file per dataset named {@code family__Task.jsonl}, for
 * {@code datasets/check/surface_baselines.py}. Runs only when asked:
 *
 * <pre>./mvnw -o -q -pl datasets test -Dtest=DumpBuiltinDatasets -Dfathom.dump=/tmp/fathom-dump</pre>
 */
class DumpBuiltinDatasets {

    static final Sizes SIZES = new Sizes(4000, 1000, 1000);
    static final long SEED = 1;

    @Test
    @EnabledIfSystemProperty(named = "fathom.dump", matches = ".+")
    void dump() throws IOException {
        Path directory = Files.createDirectories(Path.of(System.getProperty("fathom.dump")));
        for (String name : BuiltinDatasets.names()) {
            List<String> lines = BuiltinDatasets.generate(name, SIZES, SEED, Map.of()).stream()
                    .map(e -> "{\"split\": " + json(e.split()) + ", \"label\": " + json(e.label()) + ", \"text\": "
                            + json(e.text()) + "}")
                    .toList();
            Files.write(directory.resolve(name.replace("/", "__") + ".jsonl"), lines, StandardCharsets.UTF_8);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
