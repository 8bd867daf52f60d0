package org.jpseries.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jpseries.cpu.Cpu;
import org.jpseries.diff.Oracles;

/**
 * What a boot test reports when the guest stops making progress: where every vCPU is (with the
 * kernel's symbol for its cia and lr, from the Debian package's System.map) and the stack of
 * every host thread of the machine, so that a hang seen once in a long stress run can be read.
 */
final class HangReport {
    private static TreeMap<Long, String> symbols;

    private HangReport() {}

    static String of(BootedGuest g) {
        StringBuilder sb = new StringBuilder("machine ").append(g.machine.runState().qapiName).append('\n');
        for (int i = 0; i < g.machine.count(); i++) {
            Cpu c = g.machine.cpu(i);
            sb.append(String.format("vcpu%d %s halted=%b cia=%016x <%s> lr=%016x <%s> msr=%016x pending=%x r3=%x%n", i,
                    g.machine.vcpuStopped(i) ? "stopped" : "started", c.halted, c.cia, symbol(c.cia), c.lr, symbol(c.lr), c.msr,
                    c.pending, c.gpr[3]));
        }
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            int n = 0;
            for (StackTraceElement f : e.getValue()) {
                sb.append("    at ").append(f).append('\n');
                if (++n == 25) break;
            }
        }
        return sb.toString();
    }

    /** The kernel symbol at or below a guest effective address (0xc000... kernel addresses). */
    static synchronized String symbol(long ea) {
        if (symbols == null) symbols = load();
        Map.Entry<Long, String> e = symbols.floorEntry(ea);
        if (e == null || ea - e.getKey() > 0x100000) return "?";
        return e.getValue() + "+0x" + Long.toHexString(ea - e.getKey());
    }

    private static TreeMap<Long, String> load() {
        TreeMap<Long, String> m = new TreeMap<>(Long::compareUnsigned);
        try {
            Path boot = Oracles.fetched("kernel").getParent();
            try (var files = Files.list(boot)) {
                Path map = files.filter(p -> p.getFileName().toString().startsWith("System.map")).findFirst().orElse(null);
                if (map == null) return m;
                for (String line : Files.readAllLines(map)) {
                    String[] f = line.split(" ");
                    if (f.length == 3) m.put(Long.parseUnsignedLong(f[0], 16), f[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no symbols: addresses stay bare
        }
        return m;
    }
}
