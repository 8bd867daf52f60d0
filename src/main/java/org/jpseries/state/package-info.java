/**
 * Versioned machine state, independent of any device: a {@link org.jpseries.state.Section} is a
 * named, versioned set of typed fields with optional subsections (QEMU's VMStateDescription with
 * its subsections, but self-describing: every field carries its name and type). Parts of the
 * machine implement {@link org.jpseries.state.Stateful}; the stream codec ({@code state.stream})
 * encodes sections with integrity checks and knows nothing of what is in them.
 *
 * <p>Caches are never state (TLBs, decoded pages, compiled code): {@link org.jpseries.state.Role}
 * classifies each field of a stateful class, and a test fails on any field nobody classified.
 */
package org.jpseries.state;
