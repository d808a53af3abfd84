package io.fathom.contracts.hidden;

/**
 * IEEE 754 binary16 conversions (Java 17 has no Float.floatToFloat16). Encoding rounds to nearest,
 * ties to even, keeps subnormals, infinities and NaN; decoding is a table lookup.
 */
public final class Float16 {

    /** Largest finite half value. */
    public static final float MAX_VALUE = 65504f;

    private static final float[] DECODE = new float[1 << 16];

    static {
        for (int h = 0; h < DECODE.length; h++) {
            DECODE[h] = slowToFloat((short) h);
        }
    }

    private Float16() {
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fff_ffff;
        if (abs >= 0x4780_0000) { // |x| >= 65536: infinity, NaN or overflow
            if (abs > 0x7f80_0000) {
                return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff)); // quiet NaN, payload kept
            }
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x3880_0000) { // normal half: rebias the exponent, round the 13 dropped bits
            int half = (abs - 0x3800_0000 + 0x0fff + ((abs >>> 13) & 1)) >>> 13;
            return (short) (sign | half); // rounding past 65504 carries into the infinity pattern
        }
        if (abs < 0x3300_0000) { // below half of the smallest subnormal: zero
            return (short) sign;
        }
        int exponent = abs >>> 23;
        int mantissa = (abs & 0x7f_ffff) | 0x80_0000;
        int shift = 126 - exponent;
        int half = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    public static float toFloat(short half) {
        return DECODE[half & 0xffff];
    }

    private static float slowToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
