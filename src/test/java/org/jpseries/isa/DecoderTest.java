package org.jpseries.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderTest {
    /** Every row's canonical encoding (operand fields zero) decodes to that row, unless a more specific row claims the word. */
    @Test
    void everyRowIsReachable() {
        List<String> shadowed = new ArrayList<>();
        for (Op op : Op.values()) {
            Encoding e = op.encoding;
            Op got = e.prefixed() ? Decoder.decodePrefixed(e.value(0), e.value(1)) : Decoder.decode(e.value(0));
            if (got == op) continue;
            // Fill operand bits with ones to step out of special forms (e.g. fields forced to zero by a more specific row).
            int w0 = e.value(0) | ~e.mask(0), w1 = e.prefixed() ? e.value(1) | ~e.mask(1) : 0;
            Op got2 = e.prefixed() ? Decoder.decodePrefixed(w0, w1) : Decoder.decode(w0);
            if (got2 != op && (got == null || got.encoding.specificity() <= e.specificity())) {
                shadowed.add(op + " -> " + got + "/" + got2);
            }
        }
        assertEquals(List.of(), shadowed, "rows that can never be decoded");
    }

    @Test
    void knownWords() {
        assertEquals(Op.ADDI, Decoder.decode(0x3860002a)); // li r3,42
        assertEquals(Op.SC, Decoder.decode(0x44000002));
        assertEquals(Op.ADD, Decoder.decode(0x7c632214)); // add r3,r3,r4
        assertEquals(Op.MFOCRF, Decoder.decode(0x7c701026)); // mfocrf r3,1
        assertEquals(Op.MFCR, Decoder.decode(0x7c600026));
        assertEquals(Op.PADDI, Decoder.decodePrefixed(0x06000000, 0x38600000));
        assertNull(Decoder.decode(0x00000000));
    }
}
