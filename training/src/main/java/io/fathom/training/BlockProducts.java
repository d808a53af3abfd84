package io.fathom.training;

/**
 * The two float products of a softmax pass over one block of rows, for one pass's weights: the
 * scores (every row times every column's weights) and the weight gradient (the residuals times the
 * rows). Blocks are row-major, {@code rows x dim} from index 0, at most {@link SoftmaxPass#BLOCK}
 * rows. An instance is made per pass and shared by its threads.
 *
 * <p>Two implementations: {@link VectorProducts} on the JDK's Vector API (register-blocked fused
 * multiply-adds, several times faster), when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}, and {@link PlainProducts}, loops the JIT vectorises
 * on its own, otherwise. Each sums in a fixed order, so results do not depend on the thread count;
 * the two differ from each other in the last bits of a float.
 */
interface BlockProducts {

    /** {@code scores[col][i] = weights[col] . row i}. */
    void scores(float[] block, int rows, float[][] scores);

    /** {@code gradient[col][j] += sum over rows i of residuals[col][i] * row i's value j}. */
    void gradient(float[] block, int rows, float[][] residuals, float[][] gradient);

    /** The implementations, and which one this JVM uses. */
    enum Kernel {
        VECTOR, PLAIN;

        /** {@code -Dfathom.training.kernel=plain} chooses the plain loops even where vectors are available. */
        static final String PROPERTY = "fathom.training.kernel";
        static final Kernel BEST = choose();

        static boolean vectorModulePresent() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        }

        private static Kernel choose() {
            if ("plain".equalsIgnoreCase(System.getProperty(PROPERTY))) {
                return PLAIN;
            }
            if (vectorModulePresent()) {
                return VECTOR;
            }
            System.getLogger(BlockProducts.class.getName()).log(System.Logger.Level.WARNING, "probe training uses the plain-Java products: start the JVM"
                    + " with --add-modules=jdk.incubator.vector for the Vector API's, several times faster");
            return PLAIN;
        }

        /** The products for one pass over {@code weights[col][dim]}. */
        BlockProducts products(float[][] weights, int dim) {
            // VectorProducts is only loaded here, so a JVM without the module never resolves it
            return this == VECTOR ? new VectorProducts(weights, dim) : new PlainProducts(weights, dim);
        }
    }
}
