package io.fathom.contracts;

/**
 * Reactive-messaging channel names. Each channel is bound to the {@link Topics} entry of the same
 * name in the services' application.properties (short names, because dots would need quoting in
 * every configuration key).
 */
public final class Channels {
    public static final String REQUESTS = "requests";
    public static final String HIDDEN_STATES = "hidden-states";
    public static final String GENERATIONS = "generations";
    public static final String RESULTS = "results";

    private Channels() {
    }
}
