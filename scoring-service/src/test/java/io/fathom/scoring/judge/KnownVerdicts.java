package io.fathom.scoring.judge;

import io.fathom.contracts.generation.GenerationParameters;
import io.fathom.triton.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A judge model that answers each prompt with {@code verdict}, remembering the prompts. */
public final class KnownVerdicts implements Generator {

    public final List<String> prompts = new ArrayList<>();
    private final Function<String, String> verdict;

    public KnownVerdicts(Function<String, String> verdict) {
        this.verdict = verdict;
    }

    @Override
    public String id() {
        return "known-verdicts";
    }

    @Override
    public String backend() {
        return "test";
    }

    @Override
    public GenerationParameters parameters() {
        return new GenerationParameters(64, 0.0, null, null, null, null, null);
    }

    @Override
    public List<Generation> generate(List<String> batch, GenerationParameters parameters) {
        prompts.addAll(batch);
        return batch.stream().map(p -> new Generation(verdict.apply(p), null, null, null, 0)).toList();
    }

    @Override
    public void close() {
    }
}
