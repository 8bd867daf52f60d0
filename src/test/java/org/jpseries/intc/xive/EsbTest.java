package org.jpseries.intc.xive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ESB PQ state machine (XIVE architecture; QEMU xive_esb_trigger / xive_esb_eoi). */
class EsbTest {
    @Test
    void triggerForwardsOnlyFromReset() {
        assertEquals(Esb.PENDING, Esb.afterTrigger(Esb.RESET));
        assertTrue(Esb.triggerNotifies(Esb.RESET));
        assertEquals(Esb.QUEUED, Esb.afterTrigger(Esb.PENDING));
        assertFalse(Esb.triggerNotifies(Esb.PENDING));
        assertEquals(Esb.QUEUED, Esb.afterTrigger(Esb.QUEUED));
        assertFalse(Esb.triggerNotifies(Esb.QUEUED));
        assertEquals(Esb.OFF, Esb.afterTrigger(Esb.OFF), "a source that is off stays off and drops the event");
        assertFalse(Esb.triggerNotifies(Esb.OFF));
    }

    @Test
    void eoiReplaysAQueuedEvent() {
        assertEquals(Esb.PENDING, Esb.afterEoi(Esb.QUEUED));
        assertTrue(Esb.eoiNotifies(Esb.QUEUED));
        assertEquals(Esb.RESET, Esb.afterEoi(Esb.PENDING));
        assertFalse(Esb.eoiNotifies(Esb.PENDING));
        assertEquals(Esb.RESET, Esb.afterEoi(Esb.RESET));
        assertFalse(Esb.eoiNotifies(Esb.RESET));
        assertEquals(Esb.OFF, Esb.afterEoi(Esb.OFF));
        assertFalse(Esb.eoiNotifies(Esb.OFF));
    }
}
