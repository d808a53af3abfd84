package io.fathom.testsupport;

import io.fathom.triton.FakeTriton;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * A {@link FakeTriton} for the length of a Quarkus test profile: a subclass says which server to
 * start and what configuration points the service at it.
 */
public abstract class FakeTritonResource implements QuarkusTestResourceLifecycleManager {

    private FakeTriton server;

    /** The server, configured and started. */
    protected abstract FakeTriton server() throws IOException;

    /** The service's configuration for this server. */
    protected abstract Map<String, String> config(FakeTriton server);

    @Override
    public final Map<String, String> start() {
        try {
            server = server();
        } catch (IOException e) {
            throw new IllegalStateException("the fake Triton server did not start", e);
        }
        return config(server);
    }

    @Override
    public final void stop() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
