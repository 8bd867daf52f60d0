package org.jpseries.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.diff.Oracles;
import org.junit.jupiter.api.Test;

/**
 * The properties that let every test tier run with the JIT off or with every block compiled
 * (docs/architecture.md, Tests): the interpreter honours them, and the differential tier passes
 * them on to the jpseries-user it starts.
 */
class JitPolicyPropertiesTest {
    @Test
    void thresholdPropertyCompilesEveryBlock() {
        String saved = System.getProperty("jpseries.jit.threshold");
        try {
            System.setProperty("jpseries.jit.threshold", "1");
            BlockCompilerTest.Machine m = new BlockCompilerTest.Machine(true, BlockCompilerTest.hashLoop(3));
            Interpreter in = m.runFrom(BlockCompilerTest.CODE, new Interpreter(m.cpu));
            assertTrue(in.compiledBlocks() > 0, "a loop run 3 times is compiled at threshold 1");
            System.setProperty("jpseries.jit.threshold", "many");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Interpreter(m.cpu));
            assertEquals("jpseries.jit.threshold 'many' is not a number", e.getMessage());
        } finally {
            restore("jpseries.jit.threshold", saved);
        }
    }

    @Test
    void differentialTierPassesTheJitPolicyOn() {
        String saved = System.getProperty("jpseries.jit");
        try {
            System.setProperty("jpseries.jit", "off");
            List<String> cmd = Oracles.jpseriesUser("power9", Path.of("prog"), List.of("a"));
            assertTrue(cmd.contains("-Djpseries.jit=off"), cmd::toString);
            assertTrue(cmd.indexOf("-Djpseries.jit=off") < cmd.indexOf("org.jpseries.user.UserMain"), "a JVM option");
            assertEquals(List.of("org.jpseries.user.UserMain", "-cpu", "power9", "prog", "a"),
                    cmd.subList(cmd.indexOf("org.jpseries.user.UserMain"), cmd.size()));
        } finally {
            restore("jpseries.jit", saved);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) System.clearProperty(name);
        else System.setProperty(name, value);
    }
}
