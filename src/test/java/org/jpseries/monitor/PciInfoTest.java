package org.jpseries.monitor;

import static org.junit.jupiter.api.Assertions.*;

import org.jpseries.pci.PciBus;
import org.jpseries.pci.PciRegs;
import org.jpseries.pci.TestFunction;
import org.junit.jupiter.api.Test;

/**
 * query-pci and info pci in QEMU 7.2's shapes and words. The expected text follows what
 * qemu-system-ppc64 7.2 printed for a virtio-rng-pci at addr=3 (class 0x00ff, no description;
 * BARs unmapped at -1: "BAR0: I/O at 0xffffffffffffffff [0x001e].").
 */
class PciInfoTest {
    @Test
    void bothFormsDescribeTheBus() {
        PciBus bus = new PciBus("pci.0", (p, l) -> {});
        TestFunction f = new TestFunction();
        f.setQdevId("rng0");
        bus.plug(f, PciRegs.devfn(3, 0));
        f.writeConfig(PciRegs.BASE_ADDRESS_0, 4, 0x8000_1000);
        f.writeConfig(PciRegs.COMMAND, 2, PciRegs.COMMAND_MEMORY);
        assertEquals("""
                  Bus  0, device   3, function 0:
                    Class 0255: PCI device 1af4:1005
                      PCI subsystem 1af4:0004
                      IRQ 0, pin A
                      BAR0: 32 bit memory at 0x80001000 [0x80001fff].
                      BAR1: I/O at 0xffffffffffffffff [0x001e].
                      BAR2: 64 bit prefetchable memory at 0xffffffffffffffff [0x00003ffe].
                      id "rng0"
                """, PciInfo.hmp(bus));
        String json = PciInfo.query(bus).toString();
        assertEquals("[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":3,\"function\":0,\"class_info\":{\"class\":255},"
                + "\"id\":{\"device\":4101,\"vendor\":6900,\"subsystem\":4,\"subsystem-vendor\":6900},\"irq\":0,\"irq_pin\":1,"
                + "\"qdev_id\":\"rng0\",\"regions\":[{\"bar\":0,\"type\":\"memory\",\"prefetch\":false,\"mem_type_64\":false,"
                + "\"address\":2147487744,\"size\":4096},{\"bar\":1,\"type\":\"io\",\"address\":-1,\"size\":32},"
                + "{\"bar\":2,\"type\":\"memory\",\"prefetch\":true,\"mem_type_64\":true,\"address\":-1,\"size\":16384}]}]}]", json);
        assertTrue(QmpReturns.mismatches(PciInfo.query(bus), QmpReturns.parse(QmpReturns.RETURNS.get("query-pci")), "query-pci").isEmpty());
        assertEquals("[]", PciInfo.query(null).toString(), "-machine none has no bus");
    }
}
