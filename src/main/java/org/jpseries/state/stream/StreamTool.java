package org.jpseries.state.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jpseries.device.SectionSource;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * {@code bin/jpseries-stream}: looks into state streams.
 * <pre>
 *   jpseries-stream dump [-v] FILE   sections in order with their fields (-v: arrays in full)
 *   jpseries-stream diff A B         what differs, section by section
 * </pre>
 * Exit status: 0 good (dump) or equal (diff), 1 different (diff), 2 a bad stream or bad usage,
 * with a one-line message on stderr.
 */
public final class StreamTool {
    static final String USAGE = "usage: jpseries-stream dump [-v] FILE | jpseries-stream diff A B";

    private StreamTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 1 && args[0].equals("dump")) {
                boolean verbose = args.length == 3 && args[1].equals("-v");
                if (args.length != (verbose ? 3 : 2)) return usage(err);
                return dump(Path.of(args[verbose ? 2 : 1]), verbose, out);
            }
            if (args.length == 3 && args[0].equals("diff")) return diff(Path.of(args[1]), Path.of(args[2]), out);
            return usage(err);
        } catch (StateException e) {
            out.flush();
            err.println("jpseries-stream: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("jpseries-stream: " + e.getFile() + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("jpseries-stream: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }

    private static int dump(Path file, boolean verbose, PrintStream out) throws IOException, StateException {
        try (InputStream in = Files.newInputStream(file)) {
            StreamReader r = new StreamReader(in);
            out.println(file + ": jpseries state stream, format " + r.formatVersion());
            SectionPrinter p = new SectionPrinter(out, verbose);
            for (Section s; (s = r.next()) != null; ) {
                out.println("#" + (r.sectionCount() - 1) + " " + s.label() + " v" + s.version() + ", " + r.lastPayloadLength() + " bytes at offset "
                        + r.lastOffset() + SectionPrinter.subsCount(s));
                p.fieldsAndSubsections(s, "    ");
            }
            out.println("end: " + r.sectionCount() + " sections, " + r.bytesRead() + " bytes, checksums good");
            return 0;
        }
    }

    private static int diff(Path a, Path b, PrintStream out) throws IOException, StateException {
        try (InputStream ina = Files.newInputStream(a); InputStream inb = Files.newInputStream(b)) {
            return new StreamDiff(out).run(named(a, reader(a, ina)), named(b, reader(b, inb))) ? 0 : 1;
        }
    }

    /** The sections of {@code r}, with errors naming the file. */
    private static SectionSource named(Path file, StreamReader r) {
        return () -> {
            try {
                return r.next();
            } catch (StateException e) {
                throw new StateException(file + ": " + e.getMessage(), e);
            }
        };
    }

    private static StreamReader reader(Path file, InputStream in) throws StateException {
        try {
            return new StreamReader(in);
        } catch (StateException e) {
            throw new StateException(file + ": " + e.getMessage(), e);
        }
    }
}
