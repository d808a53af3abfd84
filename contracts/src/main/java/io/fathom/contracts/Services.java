package io.fathom.contracts;

/** Service names as events carry them in {@code service}, the one place they are spelled. */
public final class Services {
    public static final String INFERENCE = "inference";
    public static final String PROBE = "probe";
    public static final String SCORING = "scoring";
    public static final String DATAMIX = "datamix";

    private Services() {
    }
}
