package org.jpseries.pci;

import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A PCI function for tests with INTA and an MSI-X capability of {@code vectors} vectors in an
 * exclusive BAR 1, as virtio-pci has it (QEMU msix_init_exclusive_bar: table at 0, PBA at
 * 0x800, 4 KiB). As a {@link Device} it saves its configuration with the MSI-X table and PBA.
 */
public final class MsixFunction extends PciDevice implements Device {
    public final MsiX msix;

    public MsixFunction(int vectors) {
        super("msix-test-pci", 0x1af4, 0x1041, 1, 0x010000, 0x1af4, 0x1100, 1);
        msix = MsiX.addExclusiveBar(this, vectors, 1);
    }

    @Override
    protected void resetDevice() {}

    /** Drives INTA, as a device without MSI-X enabled does. */
    public void irq(boolean level) {
        setIntx(level);
    }

    @Override
    public DeviceId id() {
        return new DeviceId("msix-test-pci", devfn(), 1, 1, ResetPhase.DEVICES);
    }

    @Override
    public void reset(ResetReason why) {
        reset();
    }

    @Override
    public void saveState(Consumer<Section> out) {
        out.accept(saveConfig(newSection()));
    }

    @Override
    public void loadState(Section s) throws StateException {
        loadConfig(s);
    }
}
