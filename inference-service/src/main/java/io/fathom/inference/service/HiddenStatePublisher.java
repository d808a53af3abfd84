package io.fathom.inference.service;

import io.fathom.contracts.Channels;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends encoded hidden-state events to fathom.hidden-states. The key is run/suite so that
 * everything a consumer aggregates together, all models of a suite included (a probe compares
 * them on the same items), lands on one partition, in order.
 */
@ApplicationScoped
public class HiddenStatePublisher {

    private final MutinyEmitter<byte[]> states;

    HiddenStatePublisher(
            @Channel(Channels.HIDDEN_STATES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> states) {
        this.states = states;
    }

    /** Completes when the broker has the event. */
    public CompletableFuture<Void> publish(String key, byte[] event, SuiteKind kind) {
        return send(key, event, kind, RecordHeaders.EVENT_HIDDEN_STATE);
    }

    /** Sends the marker that closes a (run, model, suite), keyed like its events; completes when the broker has it. */
    public CompletableFuture<Void> publishEnd(SuiteEnd end) {
        return send(key(end.runId(), end.suite()), end.toBytes(), end.kind(), RecordHeaders.EVENT_SUITE_END);
    }

    /** Headers say the suite kind and the event type, so that consumers skip what is not theirs undecoded. */
    private CompletableFuture<Void> send(String key, byte[] value, SuiteKind kind, String type) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        RecordHeaders.put(headers, RecordHeaders.SUITE_KIND, kind.json());
        RecordHeaders.put(headers, RecordHeaders.EVENT, type);
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
        return states.sendMessage(message).subscribeAsCompletionStage();
    }

    public static String key(String runId, String suite) {
        return runId + "/" + suite;
    }
}
