package io.fathom.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as a child process, for
 * tests of the application as it ships: started with environment settings on a free port, read
 * through its metrics and health endpoints, stopped gracefully or killed with SIGKILL. Its output
 * goes to {@code target/<name>.log}.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;

    private PackagedService(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code jar} with the given environment on top of the test's, bound to 127.0.0.1. */
    public static PackagedService start(String name, Path jar, Map<String, String> env) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: packaged-application tests run after the package phase");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the stack and the images start them: the probe and datamix services train on the Vector API
                "-Xmx512m", "--add-modules=jdk.incubator.vector", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new PackagedService(name, builder.start(), port);
    }

    public static Path log(String name) {
        return Path.of("target", name + ".log");
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The service's output so far. */
    public String output() throws IOException {
        return Files.readString(log(name));
    }

    /** The sum of the Prometheus samples whose line starts with {@code series}; 0 while the service is not up. */
    public double metric(String series) {
        String page = get("/q/metrics");
        return page == null ? 0 : Endpoints.metric(page, series);
    }

    /** The HTTP status of {@code /q/health/<check>} (live, ready, started), or -1 while nothing answers. */
    public int health(String check) {
        try {
            return HTTP.send(request("/q/health/" + check), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The body of a GET, or null while nothing answers. */
    public String get(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build();
    }

    /** Waits for {@code condition}, failing when the time is up or the process has died. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " died while waiting for " + what + " (see " + log(name) + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout + " (see " + log(name) + ")");
            }
            sleep(200);
        }
    }

    /** SIGKILL: no shutdown hook, no last commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it does not stop within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
