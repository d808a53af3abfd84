package io.fathom.inference.service;

import io.fathom.contracts.Channels;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends encoded hidden-state events to fathom.hidden-states. The key is run/model/suite so that
 * everything a consumer aggregates together lands on one partition, in order.
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

    public static String key(String runId, String model, String suite) {
        return runId + "/" + model + "/" + suite;
    }
}
