package org.jpseries.intc;

import static org.jpseries.state.Role.Kind.CONFIG;
import static org.jpseries.state.Role.Kind.WIRING;

import org.jpseries.state.Role;

/**
 * One claimed interrupt line (QEMU's qemu_irq from spapr_qirq): handed out by
 * {@link IrqSources#claimLine} to the device that claims the number, so that the number is written
 * once, by the claimer, and the device only raises, lowers or pulses its line. Safe to use from
 * any thread (the sources take the machine lock).
 */
public final class IrqLine {
    @Role(kind = WIRING, why = "the table the line changes; the level and latched events are saved there")
    private final IrqSources sources;
    @Role(kind = CONFIG, why = "the claimed number, checked with irq-sources' claimed list")
    private final int irq;
    @Role(kind = CONFIG, why = "the claimed kind, checked with irq-sources' lsi list")
    private final boolean lsi;

    IrqLine(IrqSources sources, int irq, boolean lsi) {
        this.sources = sources;
        this.irq = irq;
        this.lsi = lsi;
    }

    /** The interrupt number (for the device tree's "interrupts" property). */
    public int number() {
        return irq;
    }

    /** Whether the line is level-sensitive (LSI); otherwise message-signalled (MSI). */
    public boolean isLsi() {
        return lsi;
    }

    /** Sets the line's level: an LSI keeps it; an MSI has one event on a true level (qemu_set_irq). */
    public void set(boolean level) {
        sources.lineChanged(irq, level);
    }

    /** One event (qemu_irq_pulse): raised then lowered. */
    public void pulse() {
        sources.linePulsed(irq);
    }

    @Override
    public String toString() {
        return "IRQ 0x" + Integer.toHexString(irq) + (lsi ? " (LSI)" : " (MSI)");
    }
}
