package io.fathom.inference.backend;

import java.util.Locale;

/** How one layer's token states become one vector per item. */
public enum Pooling {
    /** Mean over the real tokens (attention mask 1), padding excluded. */
    MEAN,
    /** The last real token: the summary position of decoder-only models ([SEP] for BERT encoders). */
    LAST;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
