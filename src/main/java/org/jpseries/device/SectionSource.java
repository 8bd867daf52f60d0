package org.jpseries.device;

import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/** Sections in stream order (the stream decoder, or a list in tests); null at the end. */
@FunctionalInterface
public interface SectionSource {
    Section next() throws StateException;
}
