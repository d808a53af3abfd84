package io.fathom.datasets;

import java.util.List;
import java.util.Map;

/** A family of generated probing tasks, e.g. {@code senteval}. */
public interface TaskFamily {

    /** The family's name, the first part of a built-in dataset name such as {@code senteval/SentLen}. */
    String name();

    /** The tasks of the family, by the names users write. */
    List<String> tasks();

    /**
     * Class-balanced examples of {@code task}, the same for the same arguments.
     *
     * @param parameters task-specific settings; an unknown key or a bad value is an
     *        {@link IllegalArgumentException} naming it
     */
    List<Example> generate(String task, Sizes sizes, long seed, Map<String, String> parameters);
}
