package org.jpseries.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The exit path's bookkeeping: each action runs once, a failing one does not stop the rest, removed ones never run. */
class ExitActionsTest {
    @Test
    void actionsRunOnceEachAndSurviveAFailingOne() {
        AtomicInteger ran = new AtomicInteger();
        ExitActions.Action failing = () -> {
            ran.incrementAndGet();
            throw new IllegalStateException("boom");
        };
        ExitActions.Action counting = ran::incrementAndGet;
        ExitActions.Action removed = () -> ran.addAndGet(100);
        assertTrue(ExitActions.add(failing));
        assertTrue(ExitActions.add(counting));
        assertTrue(ExitActions.add(removed));
        assertTrue(ExitActions.remove(removed));
        assertFalse(ExitActions.remove(removed));
        ExitActions.runAll();
        assertEquals(2, ran.get());
        ExitActions.runAll();
        assertEquals(2, ran.get(), "each action runs at most once");
    }

    @Test
    void aFullTableRefusesInsteadOfThrowing() {
        List<ExitActions.Action> mine = new ArrayList<>();
        try {
            while (true) {
                ExitActions.Action a = () -> { };
                if (!ExitActions.add(a)) break;
                mine.add(a);
            }
            assertTrue(mine.size() <= ExitActions.SLOTS);
        } finally {
            mine.forEach(ExitActions::remove);
        }
        ExitActions.Action a = () -> { };
        assertTrue(ExitActions.add(a), "room again once given back");
        ExitActions.remove(a);
    }
}
