package io.fathom.inference.backend.triton;

import java.util.List;

/** States for a fake server whose tests only generate: one layer of one value, all zero. */
final class ZeroStates {

    static final FakeTriton.States NONE = new FakeTriton.States() {
        @Override
        public int layers() {
            return 1;
        }

        @Override
        public int dim() {
            return 1;
        }

        @Override
        public float[][] pooled(String pooling, List<String> texts, int maxTokens) {
            return new float[texts.size()][1];
        }

        @Override
        public int tokens(String text, int maxTokens) {
            return 1;
        }
    };

    private ZeroStates() {
    }
}
