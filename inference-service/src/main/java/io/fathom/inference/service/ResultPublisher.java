package io.fathom.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fathom.contracts.Channels;
import io.fathom.contracts.Json;
import io.fathom.contracts.result.ResultEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends result events (progress, errors) to fathom.results, keyed by their deterministic key. */
@ApplicationScoped
public class ResultPublisher {

    private final MutinyEmitter<String> results;

    ResultPublisher(@Channel(Channels.RESULTS) MutinyEmitter<String> results) {
        this.results = results;
    }

    /** Completes when the broker has the event. */
    public CompletableFuture<Void> publish(ResultEvent event) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result event cannot be serialised: " + e.getMessage(), e);
        }
        Message<String> message = Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key()).build());
        return results.sendMessage(message).subscribeAsCompletionStage();
    }
}
