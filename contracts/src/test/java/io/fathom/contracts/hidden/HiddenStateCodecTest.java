package io.fathom.contracts.hidden;

import io.fathom.contracts.MalformedEventException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class HiddenStateCodecTest {

    static HiddenStateHeader header(int poolings, int layers, int dim) {
        return new HiddenStateHeader(1, "run-1", "all-minilm-l6-v2@q8", "sentlen", "item-7", "3", "train", "A sentence of twelve tokens or so .",
                Map.of("source", "test"), 12, false, List.of("mean", "last").subList(0, poolings),
                HiddenStateHeader.DTYPE_FLOAT16, new int[] {poolings, layers, dim}, null);
    }

    @Test
    void roundTripsHeaderAndValuesWithinHalfPrecision() {
        HiddenStateHeader header = header(2, 7, 384);
        float[] values = new float[header.valueCount()];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 3;
        }
        HiddenStateEvent event = HiddenStateCodec.decode(HiddenStateCodec.encode(header, values));

        assertThat(event.header().eventId()).isEqualTo("run-1/all-minilm-l6-v2@q8/sentlen/item-7");
        assertThat(event.header().shape()).containsExactly(2, 7, 384);
        assertThat(event.header().metadata()).containsEntry("source", "test");
        float[] layer3 = event.vector(1, 3);
        for (int i = 0; i < 384; i++) {
            float expected = values[(7 + 3) * 384 + i];
            // binary16 keeps 11 significant bits: relative error at most 2^-11
            assertThat(layer3[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.abs(expected) / 2048 + 1e-7f));
        }
    }

    @Test
    void halvesGoInAsTheyCameAndEqualTheEncodingOfTheirValues() {
        HiddenStateHeader header = header(1, 2, 3);
        short[] halves = {Float16.fromFloat(0.5f), Float16.fromFloat(-2f), Float16.fromFloat(1e-3f),
            Float16.fromFloat(65504f), (short) 0x0001, Float16.fromFloat(-0f)};
        float[] values = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            values[i] = Float16.toFloat(halves[i]);
        }
        byte[] fromHalves = HiddenStateCodec.encodeHalves(header, halves);
        assertThat(fromHalves).containsExactly(HiddenStateCodec.encode(header, values));
        assertThat(HiddenStateCodec.decode(fromHalves).vector(0, 1)).containsExactly(values[3], values[4], values[5]);
    }

    @Test
    void costsTwoBytesPerValuePlusAHeader() {
        HiddenStateHeader header = header(1, 41, 5120);
        byte[] bytes = HiddenStateCodec.encode(header, new float[header.valueCount()]);
        int overhead = bytes.length - 2 * header.valueCount();
        assertThat(overhead).isBetween(8, 400);
    }

    @Test
    void rejectsWrongValueCounts() {
        assertThatThrownBy(() -> HiddenStateCodec.encode(header(1, 2, 3), new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 6 values");
    }

    @Test
    void rejectsShapesPastAnyModel() {
        assertThatThrownBy(() -> HiddenStateCodec.encode(header(1, 65536, 65536), new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limits");
    }

    @Test
    void namesWhatIsWrongWithMalformedBytes() {
        byte[] good = HiddenStateCodec.encode(header(1, 2, 3), new float[6]);
        assertThatThrownBy(() -> HiddenStateCodec.decode(new byte[3]))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("shorter");
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> HiddenStateCodec.decode(badMagic)).hasMessageContaining("magic");
        byte[] cut = Arrays.copyOf(good, good.length - 2);
        assertThatThrownBy(() -> HiddenStateCodec.decode(cut)).hasMessageContaining("needs 6");
        byte[] badLength = good.clone();
        badLength[4] = (byte) 0xff;
        badLength[5] = (byte) 0xff;
        assertThatThrownBy(() -> HiddenStateCodec.decode(badLength)).hasMessageContaining("does not fit");
    }
}
