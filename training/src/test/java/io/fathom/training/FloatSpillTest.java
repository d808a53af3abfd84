package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloatSpillTest {

    @Test
    void readsBackEveryRangeAsWrittenAndDeletesItsFileWhenClosed(@TempDir Path directory) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 300; // more than one write's worth of rows, not a whole number of them
        int dim = 7;
        float[] x = new float[rows * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] labels = random.ints(rows, 0, 3).toArray();
        ProbeData data = new ProbeData(x, rows, dim, labels, 3);
        Path file;
        try (FloatSpill spill = FloatSpill.of(data, directory.resolve("scratch"))) {
            file = spill.file();
            assertThat(file.getParent()).isEqualTo(directory.resolve("scratch"));
            assertThat(Files.size(file)).isEqualTo((long) rows * dim * Float.BYTES);
            assertThat(spill.rows()).isEqualTo(rows);
            assertThat(spill.dim()).isEqualTo(dim);
            assertThat(spill.classes()).isEqualTo(3);
            assertThat(spill.labels()).containsExactly(labels);
            for (int[] range : new int[][] {{0, rows}, {5, 6}, {63, 200}, {299, 300}}) {
                float[] out = new float[(range[1] - range[0]) * dim];
                spill.read(range[0], range[1], out);
                assertThat(out).containsExactly(Arrays.copyOfRange(x, range[0] * dim, range[1] * dim));
            }
        }
        assertThat(file).doesNotExist();
    }
}
