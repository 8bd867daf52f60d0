package org.jpseries.state.stream;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The property the fuzzer checks on every input: the reader either decodes it or refuses it with
 * a one-line {@link StateException}; nothing else escapes, and what decodes re-encodes to exactly
 * the bytes read (so a damaged stream is refused, never loaded differently).
 *
 * <p>An input that starts like a stream ("JPST") is read as one. Any other input is taken as a
 * section payload and sealed into a stream with valid checksums first: random mutations almost
 * never keep a CRC32C right, and without this the decoder behind the checksums would go unfuzzed.
 */
final class FuzzHarness {
    private FuzzHarness() {}

    /** Reads {@code input}; returns the sections it held, or null when it was refused. */
    static List<Section> check(byte[] input) {
        byte[] stream = startsLikeAStream(input) ? input : StreamSamples.sealed(input);
        List<Section> sections = new ArrayList<>();
        try {
            StreamReader r = new StreamReader(new ByteArrayInputStream(stream));
            for (Section s; (s = r.next()) != null; ) sections.add(s);
        } catch (StateException e) {
            // the reader turns a decoding slip into a StateException for the user; here it is a bug
            if (e.getCause() instanceof RuntimeException slip) throw new AssertionError("decoder slipped: " + e.getMessage(), slip);
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) throw new AssertionError("refusal is not one line: " + m, e);
            return null;
        }
        byte[] again = StreamSamples.stream(sections);
        if (!Arrays.equals(stream, again)) throw new AssertionError("decoded " + sections.size() + " sections that do not re-encode to the input");
        return sections;
    }

    private static boolean startsLikeAStream(byte[] input) {
        return input.length >= 4 && Arrays.equals(input, 0, 4, StreamFormat.MAGIC, 0, 4);
    }
}
