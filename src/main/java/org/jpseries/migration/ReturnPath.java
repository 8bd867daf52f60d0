package org.jpseries.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.state.stream.StreamReader;
import org.jpseries.state.stream.StreamWriter;

/**
 * The destination's answer on a connection that has a way back (tcp:, unix:), as QEMU's return
 * path (migration/migration.c source_return_path_thread): the source reports "completed" only
 * after the destination says it loaded the stream, and fails (resuming its guest) when the
 * destination refused it. The answer is itself a state stream of one "migration-result" section
 * (checksummed like every stream): "loaded", and "reason" (one line) when it did not load.
 */
public final class ReturnPath {
    static final String SECTION = "migration-result";

    private ReturnPath() {}

    /** Sends the destination's answer: {@code refusal} null when the stream loaded. */
    public static void send(OutputStream back, String refusal) throws IOException {
        StreamWriter w = new StreamWriter(back);
        w.write(new Section(SECTION, 0, 1).bool("loaded", refusal == null).str("reason", refusal == null ? "" : refusal));
        w.finish();
        back.flush();
    }

    /**
     * Waits for the destination's answer: null when it loaded the stream, else its reason.
     *
     * @throws IOException when the connection ended without an answer or the answer is malformed
     */
    public static String await(InputStream back) throws IOException {
        try {
            StreamReader r = new StreamReader(back, false); // the connection stays open after the answer
            Section s = r.next();
            if (s == null || !s.name().equals(SECTION)) throw new IOException("the destination's answer is not a " + SECTION);
            if (r.next() != null) throw new IOException("the destination's answer has more than one section");
            return s.bool("loaded") ? null : s.str("reason");
        } catch (StateException e) {
            throw new IOException("the destination gave no answer (" + e.getMessage() + ")");
        }
    }
}
