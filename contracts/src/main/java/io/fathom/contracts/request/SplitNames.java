package io.fathom.contracts.request;

import java.util.List;

/** The splits an item may name: a probe is trained on train, tuned on dev and measured on test. */
public final class SplitNames {
    public static final String TRAIN = "train";
    public static final String DEV = "dev";
    public static final String TEST = "test";
    public static final List<String> ALL = List.of(TRAIN, DEV, TEST);

    private SplitNames() {
    }
}
