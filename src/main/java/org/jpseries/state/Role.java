package org.jpseries.state;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a field of a stateful part is, for the completeness test: every non-static field that is
 * not final (and every final array or object whose contents change) is classified. STATE fields
 * appear in the part's section under {@link #value} (the field's own name when empty).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Role {
    Kind kind();

    /** The section field (or subsection) that carries it, for STATE; empty means the Java field's name. */
    String value() default "";

    /** Why, for CACHE, DERIVED, CONFIG and WIRING (one line). */
    String why() default "";

    enum Kind {
        /** Guest-observable; saved in the section and restored on load. */
        STATE,
        /** A cache of state held elsewhere (TLBs, decoded pages, compiled code): dropped, never saved. */
        CACHE,
        /** Recomputed from state by the post-load step (or on use). */
        DERIVED,
        /** Fixed by the command line at creation; the stream's configuration section checks it matches. */
        CONFIG,
        /** References to other parts, locks, threads, host resources: not state of this part. */
        WIRING
    }
}
