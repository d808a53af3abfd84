package io.fathom.triton;

import io.fathom.triton.BackendException;
import io.fathom.triton.grpc.GRPCInferenceServiceGrpc;
import io.fathom.triton.grpc.ModelInferRequest;
import io.fathom.triton.grpc.ModelInferResponse;
import io.fathom.triton.grpc.ModelMetadataRequest;
import io.fathom.triton.grpc.ModelMetadataResponse;
import io.fathom.triton.grpc.ModelReadyRequest;
import io.fathom.triton.grpc.ModelStreamInferResponse;
import io.fathom.triton.grpc.ServerLiveRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One Triton server as fathom calls it: every call has a deadline, waits for one of a bounded number
 * of in-flight slots, and is retried with exponential backoff when the status is transient. While
 * the server is unreachable, calls wait (up to {@code maxOutage}) instead of failing, behind a
 * circuit breaker that lets one probe through per cool-down, so that a run whose backend restarts
 * completes when it returns. Any other status fails the call at once with a {@link BackendException}.
 */
public final class TritonClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TritonClient.class);
    /** Worth trying again: the server is down or restarting, or has no room right now. */
    private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration PROBE_AFTER = Duration.ofSeconds(5);
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);

    /** How hard to try. */
    public record Policy(Duration deadline, int maxInFlight, int retries, Duration backoff, Duration maxOutage,
            int breakerThreshold, Duration breakerCoolDown) {
    }

    private final String address;
    private final Policy policy;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub async;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MeterRegistry registry;
    private final String model;
    private final Object breaker = new Object();
    private int consecutiveFailures;
    private long openUntilNanos;
    private volatile String unreachable;
    private volatile long lastAnsweredNanos = System.nanoTime() - PROBE_AFTER.toNanos() - 1;
    /** Request timers by method and outcome, registered once rather than looked up on every call. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** @param model the fathom model id the meters are tagged with */
    public TritonClient(String model, String address, Policy policy, MeterRegistry registry) {
        this.model = model;
        this.address = address;
        this.policy = policy;
        this.registry = registry;
        this.channel = NettyChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
        this.blocking = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.async = GRPCInferenceServiceGrpc.newStub(channel);
        this.slots = new Semaphore(policy.maxInFlight(), true);
        registry.gauge("fathom.triton.inflight", List.of(io.micrometer.core.instrument.Tag.of("model", model)),
                inFlight);
    }

    /** A client with a configured model's address and policy. */
    public static TritonClient of(String model, TritonSettings settings, MeterRegistry registry) {
        if (settings.concurrency() < 1) {
            throw new IllegalArgumentException("model " + model + ": concurrency must be at least 1");
        }
        return new TritonClient(model, settings.address(), new Policy(settings.deadline(), settings.concurrency(),
                settings.retries(), settings.backoff(), settings.maxOutage(), settings.breakerThreshold(),
                settings.breakerCoolDown()), registry);
    }

    public String address() {
        return address;
    }

    /**
     * Null while the server can be reached; otherwise why not. When no call has got through for
     * {@link #PROBE_AFTER}, one ServerLive call finds out now (a short deadline, no retry, no slot),
     * so that readiness follows the server even while no run is calling it.
     */
    public String unreachable() {
        if (System.nanoTime() - lastAnsweredNanos > PROBE_AFTER.toNanos()) {
            try {
                blocking.withDeadlineAfter(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .serverLive(ServerLiveRequest.getDefaultInstance());
                succeeded();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                    unreachable = "Triton at " + address + " is unreachable: " + code + describe(e);
                }
            }
        }
        return unreachable;
    }

    public boolean serverLive() {
        return call("ServerLive", () -> deadlined().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    public boolean modelReady(String name, String version) {
        return call("ModelReady", () -> deadlined().modelReady(ModelReadyRequest.newBuilder().setName(name)
                .setVersion(version).build()).getReady());
    }

    public ModelMetadataResponse metadata(String name, String version) {
        return call("ModelMetadata", () -> deadlined().modelMetadata(ModelMetadataRequest.newBuilder().setName(name)
                .setVersion(version).build()));
    }

    public ModelInferResponse infer(ModelInferRequest request) {
        return call("ModelInfer", () -> deadlined().modelInfer(request));
    }

    /**
     * One request over the streaming method, for decoupled models (Triton's vLLM backend): the
     * responses of the request, in order, until the server ends the stream.
     */
    public List<ModelInferResponse> streamInfer(ModelInferRequest request) {
        return call("ModelStreamInfer", () -> {
            CompletableFuture<List<ModelInferResponse>> done = new CompletableFuture<>();
            List<ModelInferResponse> responses = new ArrayList<>();
            StreamObserver<ModelInferRequest> requests = async.withDeadlineAfter(policy.deadline().toMillis(),
                    TimeUnit.MILLISECONDS).modelStreamInfer(new StreamObserver<>() {
                        @Override
                        public void onNext(ModelStreamInferResponse response) {
                            if (!response.getErrorMessage().isEmpty()) {
                                done.completeExceptionally(Status.INTERNAL.withDescription(response.getErrorMessage())
                                        .asRuntimeException());
                            } else {
                                synchronized (responses) {
                                    responses.add(response.getInferResponse());
                                }
                                if (isFinal(response.getInferResponse())) {
                                    done.complete(responses);
                                }
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(responses);
                        }
                    });
            requests.onNext(request);
            try {
                List<ModelInferResponse> result = done.get(policy.deadline().toMillis() + 1_000, TimeUnit.MILLISECONDS);
                requests.onCompleted();
                synchronized (responses) {
                    return List.copyOf(result);
                }
            } catch (ExecutionException e) {
                requests.onError(e.getCause());
                throw e.getCause() instanceof StatusRuntimeException s ? s : Status.fromThrowable(e.getCause())
                        .asRuntimeException();
            } catch (TimeoutException e) {
                requests.onError(e);
                throw Status.DEADLINE_EXCEEDED.withDescription("no final response").asRuntimeException();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requests.onError(e);
                throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
            }
        });
    }

    /**
     * Triton marks the last response of a decoupled request with this parameter; a request that sets
     * {@link #ENABLE_EMPTY_FINAL} gets one even when the model's last response carried no flag.
     */
    static final String FINAL_RESPONSE = "triton_final_response";
    static final String ENABLE_EMPTY_FINAL = "triton_enable_empty_final_response";
    /** Request parameter the project's Triton model (deploy/triton) reads: the most input tokens per text. */
    public static final String MAX_INPUT_TOKENS = "max_input_tokens";

    static boolean isFinal(ModelInferResponse response) {
        var flag = response.getParametersMap().get(FINAL_RESPONSE);
        return flag != null && flag.getBoolParam();
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub deadlined() {
        return blocking.withDeadlineAfter(policy.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one call under the slots, the breaker and the retry policy. */
    private <T> T call(String method, Supplier<T> rpc) {
        long outageStart = 0;
        for (int attempt = 1; ; attempt++) {
            awaitBreaker(method);
            Timer.Sample sample = Timer.start(registry);
            String outcome = "OK";
            acquire();
            try {
                T result = rpc.get();
                succeeded();
                return result;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                outcome = code.name();
                registry.counter("fathom.triton.errors", "model", model, "method", method, "code", code.name())
                        .increment();
                if (!TRANSIENT.contains(code)) {
                    throw new BackendException("Triton at " + address + " answered " + method + " with " + code
                            + describe(e), e);
                }
                failed(code, e);
                if (code == Status.Code.UNAVAILABLE) {
                    outageStart = outageStart == 0 ? System.nanoTime() : outageStart;
                    if (System.nanoTime() - outageStart > policy.maxOutage().toNanos()) {
                        throw new BackendException("Triton at " + address + " has been unreachable for more than "
                                + policy.maxOutage() + describe(e), e);
                    }
                } else if (attempt > policy.retries()) {
                    throw new BackendException("Triton at " + address + " answered " + method + " with " + code
                            + " " + attempt + " times" + describe(e), e);
                }
                LOG.debugf("%s %s: %s, try %d", address, method, code, attempt);
                sleep(backoff(attempt));
            } finally {
                release();
                sample.stop(timer(method, outcome));
            }
        }
    }

    private Timer timer(String method, String outcome) {
        return timers.computeIfAbsent(method + " " + outcome, key -> Timer.builder("fathom.triton.requests")
                .tags("model", model, "method", method, "outcome", outcome).publishPercentileHistogram()
                .register(registry));
    }

    private Duration backoff(int attempt) {
        long millis = policy.backoff().toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private void awaitBreaker(String method) {
        long wait;
        synchronized (breaker) {
            wait = openUntilNanos - System.nanoTime();
        }
        if (wait > 0) {
            LOG.debugf("%s %s: circuit open, waiting %d ms", address, method, wait / 1_000_000);
            sleep(Duration.ofNanos(wait));
        }
    }

    private void succeeded() {
        synchronized (breaker) {
            consecutiveFailures = 0;
            openUntilNanos = 0;
        }
        unreachable = null;
        lastAnsweredNanos = System.nanoTime();
    }

    private void failed(Status.Code code, StatusRuntimeException e) {
        if (code == Status.Code.UNAVAILABLE) {
            unreachable = "Triton at " + address + " is unreachable" + describe(e);
        }
        synchronized (breaker) {
            if (++consecutiveFailures >= policy.breakerThreshold()) {
                openUntilNanos = System.nanoTime() + policy.breakerCoolDown().toNanos();
            }
        }
    }

    private void acquire() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for a free request slot to " + address, e);
        }
        inFlight.incrementAndGet();
    }

    private void release() {
        inFlight.decrementAndGet();
        slots.release();
    }

    private static String describe(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description == null ? "" : ": " + description;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for Triton", e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
