package io.fathom.inference.service;

import io.fathom.contracts.Channels;
import io.fathom.contracts.hidden.SuiteEnd;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
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
    public CompletableFuture<Void> publish(String key, byte[] event) {
        Message<byte[]> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).build());
        return states.sendMessage(message).subscribeAsCompletionStage();
    }

    /** Sends the marker that closes a (run, model, suite), keyed like its events; completes when the broker has it. */
    public CompletableFuture<Void> publishEnd(SuiteEnd end) {
        return publish(key(end.runId(), end.suite()), end.toBytes());
    }

    public static String key(String runId, String suite) {
        return runId + "/" + suite;
    }
}
