package org.jpseries.intc;

import java.util.concurrent.atomic.AtomicInteger;

/** An interrupt line of a source table of its own whose backend counts the line's rising edges (device tests). */
public final class CountingLine {
    private CountingLine() {}

    public static IrqLine of(int irq, AtomicInteger rises) {
        Object lock = new Object();
        IrqSources sources = new IrqSources(lock, irq + 1);
        IrqLine line = sources.claimLine(irq, false);
        sources.setActive(new IrqBackend() {
            @Override
            public void sourceChanged(int n, boolean level) {
                if (level) rises.incrementAndGet();
            }

            @Override
            public void activate() {}

            @Override
            public void deactivate() {}

            @Override
            public void addTreeNode(org.jpseries.spapr.devtree.Node root, int phandle) {
                root.add("interrupt-controller@counter").setCells("phandle", phandle);
            }

            @Override
            public String name() {
                return "counter";
            }
        });
        return line;
    }
}
