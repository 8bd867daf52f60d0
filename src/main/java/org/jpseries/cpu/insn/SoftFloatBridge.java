package org.jpseries.cpu.insn;

import org.jpseries.cpu.fp.DoubleOps;
import org.jpseries.cpu.fp.Formats;
import org.jpseries.cpu.fp.Rounded;

/** Small adapters from the instruction layer to the fp package for format conversions. */
final class SoftFloatBridge {
    private SoftFloatBridge() {}

    /** Rounds double-format b to single precision; the result is the single-precision word in out.hi. */
    static Rounded toSingle(Rounded out, int rm, boolean oe, boolean ue, long b) {
        DoubleOps.roundToSingle(out, rm, oe, ue, b);
        out.hi = Formats.doubleToSingle(out.hi) & 0xFFFFFFFFL;
        return out;
    }
}
