package io.fathom.inference.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One run's calls of one model over a list of batches: up to {@code size} of them outstanding at
 * once, results handed back in batch order so that what a run publishes does not depend on timing.
 * Each call also takes one of the model's {@code slots}, a fair semaphore shared by every run, so
 * that concurrent runs interleave on a model batch by batch and a long run cannot hold a short one
 * behind it.
 */
final class ModelWindow<B, R> {

    private final List<B> batches;
    private final int size;
    private final Function<B, R> call;
    private final Semaphore slots;
    private final Executor pool;
    private final Deque<CompletableFuture<R>> outstanding = new ArrayDeque<>();
    private int submitted;

    ModelWindow(List<B> batches, int size, Function<B, R> call, Semaphore slots, Executor pool) {
        this.batches = batches;
        this.size = size;
        this.call = call;
        this.slots = slots;
        this.pool = pool;
    }

    /**
     * The next batch's result, once computed; the window is topped up first. Joining it throws the
     * call's failure wrapped in a {@link java.util.concurrent.CompletionException}.
     *
     * @throws java.util.NoSuchElementException when every batch has been handed back
     */
    CompletableFuture<R> next() {
        while (submitted < batches.size() && outstanding.size() < size) {
            B batch = batches.get(submitted++);
            outstanding.add(CompletableFuture.supplyAsync(() -> {
                try {
                    slots.acquire();
                } catch (InterruptedException e) { // the service is stopping
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted while waiting for the model");
                }
                try {
                    return call.apply(batch);
                } finally {
                    slots.release();
                }
            }, pool));
        }
        return outstanding.removeFirst();
    }
}
