package org.jpseries.pci;

import static org.jpseries.pci.PciRegs.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration space, BAR sizing and mapping, INTx and reset as QEMU's hw/pci/pci.c does them. */
class PciDeviceTest {
    final List<String> pins = new ArrayList<>();
    final PciBus bus = new PciBus("pci.0", (p, level) -> pins.add(p + (level ? "+" : "-")));

    @Test
    void identityIsReadOnly() {
        TestFunction f = new TestFunction();
        bus.plug(f, devfn(2, 0));
        assertEquals(0x10051af4, f.readConfig(VENDOR_ID, 4));
        f.writeConfig(VENDOR_ID, 4, 0);
        assertEquals(0x10051af4, f.readConfig(VENDOR_ID, 4));
        assertEquals(0x00ff0001, f.readConfig(REVISION_ID, 4));
        assertEquals(1, f.readConfig(INTERRUPT_PIN, 1));
        assertEquals(0x00041af4, f.readConfig(SUBSYSTEM_VENDOR_ID, 4));
    }

    @Test
    void barsSizeAsTheGuestProbesThem() {
        TestFunction f = new TestFunction();
        bus.plug(f, 0);
        for (int i = 0; i < 4; i++) f.writeConfig(BASE_ADDRESS_0 + 4 * i, 4, -1);
        assertEquals(0xfffff000, f.readConfig(BASE_ADDRESS_0, 4), "32-bit memory BAR: size mask, type 0");
        assertEquals(0xffffffe1, f.readConfig(BASE_ADDRESS_0 + 4, 4), "I/O BAR: size mask and the I/O bit");
        assertEquals(0xffffc00c, f.readConfig(BASE_ADDRESS_0 + 8, 4), "64-bit prefetchable BAR: low half");
        assertEquals(0xffffffff, f.readConfig(BASE_ADDRESS_0 + 12, 4), "64-bit BAR: high half");
        assertEquals(0, f.readConfig(BASE_ADDRESS_0 + 16, 4), "no BAR4");
    }

    @Test
    void barsMapOnlyWhileDecodingIsEnabled() {
        TestFunction f = new TestFunction();
        bus.plug(f, 0);
        f.writeConfig(BASE_ADDRESS_0, 4, 0x8000_1000);
        f.writeConfig(BASE_ADDRESS_0 + 8, 4, 0x0000_4000);
        f.writeConfig(BASE_ADDRESS_0 + 12, 4, 0x2100);
        f.writeConfig(BASE_ADDRESS_0 + 4, 4, 0x40);
        assertEquals(0, bus.readMemory(0x8000_1004L, 4));
        assertTrue(f.bar0.log.isEmpty(), "memory decoding is off after power-on");
        f.writeConfig(COMMAND, 2, COMMAND_MEMORY);
        assertEquals(0x11223344L, bus.readMemory(0x8000_1004L, 4));
        bus.writeMemory(0x2100_0000_4ff8L, 8, 0xabcdL);
        assertEquals(List.of("r 4/4"), f.bar0.log);
        assertEquals(List.of("w ff8/8=abcd"), f.bar2.log);
        bus.writeIo(0x44, 2, 7);
        assertTrue(f.bar1.log.isEmpty(), "I/O decoding is separate");
        f.writeConfig(COMMAND, 2, COMMAND_MEMORY | COMMAND_IO);
        bus.writeIo(0x44, 2, 7);
        assertEquals(List.of("w 4/2=7"), f.bar1.log);
        assertEquals(0, bus.readMemory(0x8000_2000L, 4), "past the BAR nothing answers");
        f.writeConfig(COMMAND, 2, 0);
        assertEquals(PciDevice.UNMAPPED, f.barAddress(0));
    }

    @Test
    void a32BitBarCannotReachAddressZeroOrWrap() {
        TestFunction f = new TestFunction();
        bus.plug(f, 0);
        f.writeConfig(COMMAND, 2, COMMAND_MEMORY);
        assertEquals(PciDevice.UNMAPPED, f.barAddress(0), "address 0 is not a mapping on pseries");
        f.writeConfig(BASE_ADDRESS_0, 4, 0xffff_f000);
        assertEquals(PciDevice.UNMAPPED, f.barAddress(0), "a 32-bit BAR ending at 4 GiB - 1 is refused, as QEMU");
        f.writeConfig(BASE_ADDRESS_0, 4, 0xffff_e000);
        assertEquals(0xffff_e000L, f.barAddress(0));
    }

    @Test
    void intxSwizzlesAndCountsSharedPins() {
        TestFunction a = new TestFunction(), b = new TestFunction();
        bus.plug(a, devfn(1, 0)); // INTA of slot 1 -> bridge pin 1
        bus.plug(b, devfn(5, 0)); // INTA of slot 5 -> bridge pin 1
        assertEquals(1, PciBus.bridgePin(devfn(1, 0), 1));
        assertEquals(0, PciBus.bridgePin(devfn(3, 0), 2));
        a.irq(true);
        b.irq(true);
        a.irq(false);
        assertEquals(List.of("1+"), pins, "the pin stays up while any function drives it");
        assertEquals(STATUS_INTERRUPT, b.readConfig(STATUS, 2) & STATUS_INTERRUPT);
        b.irq(false);
        assertEquals(List.of("1+", "1-"), pins);
        assertEquals(0, b.readConfig(STATUS, 2) & STATUS_INTERRUPT);
    }

    @Test
    void intxDisableMasksThePinButNotTheStatus() {
        TestFunction f = new TestFunction();
        bus.plug(f, devfn(0, 0));
        f.irq(true);
        f.writeConfig(COMMAND, 2, COMMAND_INTX_DISABLE);
        f.writeConfig(COMMAND, 2, 0);
        f.writeConfig(COMMAND, 2, COMMAND_INTX_DISABLE);
        f.irq(false);
        f.irq(true);
        assertEquals(List.of("0+", "0-", "0+", "0-"), pins);
        assertEquals(STATUS_INTERRUPT, f.readConfig(STATUS, 2) & STATUS_INTERRUPT);
    }

    @Test
    void statusErrorBitsAreWriteOneToClear() {
        TestFunction f = new TestFunction();
        bus.plug(f, 0);
        f.poke(STATUS + 1, 0x30); // REC_TARGET_ABORT | REC_MASTER_ABORT
        f.writeConfig(STATUS, 2, STATUS_REC_MASTER_ABORT);
        assertEquals(STATUS_REC_TARGET_ABORT | STATUS_CAP_LIST, f.readConfig(STATUS, 2));
    }

    @Test
    void capabilitiesAreListedAndReadOnlyUnlessOpened() {
        TestFunction f = new TestFunction();
        assertEquals(STATUS_CAP_LIST, f.readConfig(STATUS, 2) & STATUS_CAP_LIST);
        assertEquals(f.cap, f.readConfig(CAPABILITY_LIST, 1));
        assertEquals(0x40, f.cap);
        assertEquals(CAP_ID_VNDR, f.readConfig(f.cap, 1));
        assertEquals(0, f.readConfig(f.cap + 1, 1), "the end of the list");
        f.writeConfig(f.cap, 4, -1);
        f.writeConfig(f.cap + 4, 4, 0x12345678);
        assertEquals(CAP_ID_VNDR, f.readConfig(f.cap, 4));
        assertEquals(0x12345678, f.readConfig(f.cap + 4, 4));
    }

    @Test
    void resetUnmapsLowersAndCallsTheDevice() {
        TestFunction f = new TestFunction();
        bus.plug(f, 0);
        f.writeConfig(BASE_ADDRESS_0, 4, 0x8000_0000);
        f.writeConfig(COMMAND, 2, COMMAND_MEMORY | COMMAND_MASTER);
        f.writeConfig(CACHE_LINE_SIZE, 1, 0x20);
        f.irq(true);
        f.reset();
        assertEquals(0, f.readConfig(COMMAND, 2));
        assertEquals(0, f.readConfig(BASE_ADDRESS_0, 4));
        assertEquals(0xc, f.readConfig(BASE_ADDRESS_0 + 8, 4), "type bits stay");
        assertEquals(0, f.readConfig(CACHE_LINE_SIZE, 1));
        assertEquals(List.of("0+", "0-"), pins);
        assertEquals(1, f.resets);
        assertEquals(0, bus.readMemory(0x8000_0000L, 4));
    }

    @Test
    void placementAsQemu() {
        bus.plug(new TestFunction(), -1);
        TestFunction second = new TestFunction();
        assertEquals(devfn(1, 0), bus.plug(second, -1), "the first free slot");
        var e = assertThrows(IllegalArgumentException.class, () -> bus.plug(new TestFunction(), devfn(1, 0)));
        assertEquals("PCI: slot 1 already occupied by test-pci", e.getMessage()); // qemu-system-ppc64 7.2, -device ...,addr=1 twice
        assertThrows(IllegalStateException.class, () -> bus.plug(second, devfn(7, 0)));
    }
}
