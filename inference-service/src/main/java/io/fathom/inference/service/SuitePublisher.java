package io.fathom.inference.service;

import io.fathom.contracts.Channels;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
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
 * Sends what the inference-service produces for a suite: hidden states of probing and corpus
 * suites to fathom.hidden-states; definitions, answers and the embeddings of scored suites to
 * fathom.generations, so that a scored suite is one unit on one partition of one topic. The key is
 * run/suite, so that everything a consumer aggregates together, all models of a suite included,
 * lands on one partition, in order. Every future completes when the broker has the record.
 */
@ApplicationScoped
public class SuitePublisher {

    /** Where a suite's records go. */
    public enum Topic { HIDDEN_STATES, GENERATIONS }

    private final MutinyEmitter<byte[]> states;
    private final MutinyEmitter<byte[]> generations;

    SuitePublisher(
            @Channel(Channels.HIDDEN_STATES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> states,
            @Channel(Channels.GENERATIONS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> generations) {
        this.states = states;
        this.generations = generations;
    }

    public CompletableFuture<Void> publishState(String submission, Topic topic, String key, byte[] event,
            SuiteKind kind) {
        return send(submission, topic, key, event, kind, RecordHeaders.EVENT_HIDDEN_STATE);
    }

    /** The marker that closes a (run, model, suite)'s hidden states, keyed like its events. */
    public CompletableFuture<Void> publishEnd(String submission, Topic topic, SuiteEnd end) {
        return send(submission, topic, key(end.runId(), end.suite()), end.toBytes(), end.kind(), RecordHeaders.EVENT_SUITE_END);
    }

    public CompletableFuture<Void> publishDefinition(String submission, SuiteDefinition definition) {
        return send(submission, Topic.GENERATIONS, key(definition.runId(), definition.suite()),
                GenerationRecords.toBytes(definition), definition.kind(), RecordHeaders.EVENT_SUITE_DEFINITION);
    }

    public CompletableFuture<Void> publishAnswer(String submission, GenerationEvent answer, SuiteKind kind) {
        return send(submission, Topic.GENERATIONS, key(answer.runId(), answer.suite()), GenerationRecords.toBytes(answer), kind,
                RecordHeaders.EVENT_GENERATION);
    }

    public CompletableFuture<Void> publishAnswersEnd(String submission, GenerationEnd end, SuiteKind kind) {
        return send(submission, Topic.GENERATIONS, key(end.runId(), end.suite()), GenerationRecords.toBytes(end), kind,
                RecordHeaders.EVENT_GENERATION_END);
    }

    /**
     * Headers say the suite kind and the event type, so that consumers skip what is not theirs
     * undecoded, and the run's submission (null: none), so that they tell a resubmission from a redelivery.
     */
    private CompletableFuture<Void> send(String submission, Topic topic, String key, byte[] value, SuiteKind kind,
            String type) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        RecordHeaders.put(headers, RecordHeaders.SUITE_KIND, kind.json());
        RecordHeaders.put(headers, RecordHeaders.EVENT, type);
        if (submission != null) {
            RecordHeaders.put(headers, RecordHeaders.SUBMISSION, submission);
        }
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
        MutinyEmitter<byte[]> emitter = topic == Topic.GENERATIONS ? generations : states;
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }

    public static String key(String runId, String suite) {
        return runId + "/" + suite;
    }
}
