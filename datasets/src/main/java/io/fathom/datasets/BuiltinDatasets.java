package io.fathom.datasets;

import io.fathom.datasets.contactcentre.ContactCentreTasks;
import io.fathom.datasets.senteval.SentEvalTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every built-in probing dataset, addressed as {@code family/Task} (e.g. {@code senteval/TreeDepth}). */
public final class BuiltinDatasets {

    private static final List<TaskFamily> FAMILIES = List.of(SentEvalTasks.FAMILY, ContactCentreTasks.FAMILY);

    private BuiltinDatasets() {
    }

    /** All dataset names, family by family, in a fixed order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (TaskFamily family : FAMILIES) {
            for (String task : family.tasks()) {
                names.add(family.name() + "/" + task);
            }
        }
        return names;
    }

    /** All dataset names of one family. */
    public static List<String> names(String family) {
        return names().stream().filter(name -> name.startsWith(family + "/")).toList();
    }

    /** @throws IllegalArgumentException naming the dataset or parameter that is wrong */
    public static List<Example> generate(String name, Sizes sizes, long seed, Map<String, String> parameters) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String familyName = name.substring(0, slash);
            String task = name.substring(slash + 1);
            for (TaskFamily family : FAMILIES) {
                if (family.name().equals(familyName) && family.tasks().contains(task)) {
                    return family.generate(task, sizes, seed, parameters == null ? Map.of() : parameters);
                }
            }
        }
        throw new IllegalArgumentException("unknown built-in dataset '" + name + "'; known: " + String.join(", ", names()));
    }
}
