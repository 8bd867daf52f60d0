package org.jpseries.boot;

import java.io.IOException;
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

    /** @param mark the console position the failed wait started from: the report shows what came right after it */
    static String of(BootedGuest g, int mark) {
        String since = g.console.since(mark);
        StringBuilder sb = new StringBuilder("console right after the mark:\n")
                .append(since, 0, Math.min(since.length(), 2500)).append("\n---\nmachine ")
                .append(g.machine.runState().qapiName).append(", ").append(g.machine.resets()).append(" resets\n");
        for (int i = 0; i < g.machine.count(); i++) {
            Cpu c = g.machine.cpu(i);
            sb.append(String.format("vcpu%d %s halted=%b retired=%d cia=%016x <%s> lr=%016x <%s> msr=%016x pending=%x r3=%x%n", i,
                    g.machine.vcpuStopped(i) ? "stopped" : "started", c.halted, g.machine.retired(i), c.cia, symbol(c.cia), c.lr, symbol(c.lr), c.msr,
                    c.pending, c.gpr[3]));
            sb.append(String.format("      dec remaining %d, tb running %b, vty pending input %d%n", c.sys.decrementerRemaining(),
                    c.timeBase.running(), g.machine.platform().console().pending()));
        }
        for (Map.Entry<String, String> e : g.machine.devices().info().entrySet()) {
            sb.append("info ").append(e.getKey()).append(":\n").append(e.getValue());
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

    /** The kernel's symbols from {@code powerpc64le-linux-gnu-nm -n vmlinux} (Debian's System.map is a stub). */
    private static TreeMap<Long, String> load() {
        TreeMap<Long, String> m = new TreeMap<>(Long::compareUnsigned);
        try {
            Process p = new ProcessBuilder("powerpc64le-linux-gnu-nm", "-n", Oracles.fetched("kernel").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                String[] f = line.split(" ");
                if (f.length == 3 && !f[0].isBlank() && "tTwW".indexOf(f[1].charAt(0)) >= 0) m.put(Long.parseUnsignedLong(f[0], 16), f[2]);
            }
            p.waitFor();
        } catch (IOException | RuntimeException e) {
            // no symbols: addresses stay bare
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }
}
