package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both implementations of the block products against double sums, on shapes that leave remainders. */
class BlockProductsTest {

    private static final int[] ROWS = {1, 3, 4, 5, 63, 64};
    private static final int[] COLUMNS = {1, 2, 3, 4, 5, 12, 32};
    private static final int[] DIMS = {1, 7, 16, 100, 391};

    @Test
    void theTestJvmHasTheVectorModuleSoTheVectorProductsAreChosen() {
        // the module's pom starts surefire's JVM with --add-modules=jdk.incubator.vector, like the services
        assertThat(BlockProducts.Kernel.BEST).isEqualTo(BlockProducts.Kernel.VECTOR);
    }

    @ParameterizedTest
    @EnumSource(BlockProducts.Kernel.class)
    void scoresAndGradientEqualDoubleSumsWhateverTheShape(BlockProducts.Kernel kernel) {
        SplittableRandom random = new SplittableRandom(13);
        for (int dim : DIMS) {
            for (int columns : COLUMNS) {
                float[][] weights = gaussian(random, columns, dim);
                BlockProducts products = kernel.products(weights, dim);
                for (int rows : ROWS) {
                    float[] block = gaussian(random, 1, SoftmaxPass.BLOCK * dim)[0];
                    float[][] residuals = gaussian(random, columns, SoftmaxPass.BLOCK);
                    float[][] scores = new float[columns][SoftmaxPass.BLOCK];
                    float[][] gradient = gaussian(random, columns, dim); // added to, not overwritten
                    float[][] before = new float[columns][];
                    for (int c = 0; c < columns; c++) {
                        before[c] = gradient[c].clone();
                    }
                    products.scores(block, rows, scores);
                    products.gradient(block, rows, residuals, gradient);
                    String shape = kernel + " " + rows + " x " + dim + ", " + columns + " columns";
                    for (int c = 0; c < columns; c++) {
                        for (int i = 0; i < rows; i++) {
                            double expected = 0;
                            for (int j = 0; j < dim; j++) {
                                expected += (double) weights[c][j] * block[i * dim + j];
                            }
                            assertThat(scores[c][i]).as(shape + ": score of row " + i + ", column " + c)
                                    .isCloseTo((float) expected, Offset.offset(
                                            (float) (1e-5 * Math.sqrt(dim) + 1e-5 * Math.abs(expected))));
                        }
                        for (int j = 0; j < dim; j++) {
                            double expected = before[c][j];
                            for (int i = 0; i < rows; i++) {
                                expected += (double) residuals[c][i] * block[i * dim + j];
                            }
                            assertThat(gradient[c][j]).as(shape + ": gradient " + j + " of column " + c)
                                    .isCloseTo((float) expected, Offset.offset(
                                            (float) (1e-5 * Math.sqrt(rows) + 1e-5 * Math.abs(expected))));
                        }
                    }
                }
            }
        }
    }

    private static float[][] gaussian(SplittableRandom random, int rows, int columns) {
        float[][] values = new float[rows][columns];
        for (float[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return values;
    }
}
