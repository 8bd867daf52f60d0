package org.jpseries.spapr;

import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.spapr.cas.CompatLevel;
import org.jpseries.spapr.cas.OptionVector;
import org.jpseries.spapr.devtree.Node;

/**
 * Builds the pseries device tree the guest's Open Firmware client sees, following QEMU's
 * spapr_build_fdt (hw/ppc/spapr.c) for a hash-MMU, XICS machine: root, /cpus (one node per core,
 * one thread each), /memory@0, the /vdevice bus, /rtas, /chosen, /interrupt-controller and
 * /ibm,platform-facilities (H_RANDOM); the devices add their own nodes (the registry's
 * buildTree: vty, nvram, event sources). After CAS, {@link #applyCas} updates the live tree.
 */
public final class SpaprTree {
    private SpaprTree() {}

    public static final int TIMEBASE_FREQ = 512_000_000;
    public static final int CLOCK_FREQ = 1_000_000_000;
    public static final int PHANDLE_XICP = 0x1111;
    public static final int RTAS_ERROR_LOG_MAX = 2048;

    /** Everything the tree depends on. {@code hypertas} is the list of hcall groups implemented. */
    public record Params(CpuModel cpu, int smp, long ramSize, int compatPvr, int htabShift, String bootargs, long initrdBase,
            long initrdSize, List<String> hypertas, org.jpseries.papr.Rtas rtas, OptionVector ov5Cas, boolean preIsa3Guest,
            int decBits) {}

    public static Node build(Params p) {
        Node root = new Node("");
        root.setString("device_type", "chrp").setString("model", "IBM pSeries (emulated by jpseries)")
                .setString("compatible", "qemu,pseries").setCells("#address-cells", 2).setCells("#size-cells", 2);
        interruptController(root, p.smp);
        root.add("memory@0").setString("device_type", "memory").setU64("reg", 0, p.ramSize);
        vdevice(root);
        Node pf = root.add("ibm,platform-facilities");
        pf.setString("device_type", "ibm,platform-facilities").setCells("#address-cells", 1).setCells("#size-cells", 0);
        pf.add("ibm,random-v1").setString("device_type", "ibm,random-v1").setString("compatible", "ibm,random-v1");
        cpus(root, p);
        rtas(root, p);
        chosen(root, p);
        return root;
    }

    static void interruptController(Node root, int servers) {
        root.add("interrupt-controller").setString("device_type", "PowerPC-External-Interrupt-Presentation")
                .setString("compatible", "IBM,ppc-xicp").setEmpty("interrupt-controller")
                .setCells("ibm,interrupt-server-ranges", 0, servers).setCells("#interrupt-cells", 2)
                .setCells("linux,phandle", PHANDLE_XICP).setCells("phandle", PHANDLE_XICP);
    }

    /** The VIO bus (QEMU spapr_dt_vdevice); its devices add their own nodes. */
    static void vdevice(Node root) {
        Node v = root.add("vdevice");
        v.setString("device_type", "vdevice").setString("compatible", "IBM,vdevice").setCells("#address-cells", 1)
                .setCells("#size-cells", 0).setCells("#interrupt-cells", 2).setEmpty("interrupt-controller");
    }

    static void cpus(Node root, Params p) {
        Node cpus = root.add("cpus").setCells("#address-cells", 1).setCells("#size-cells", 0);
        String fw = "PowerPC," + p.cpu.displayName;
        for (int id = p.smp - 1; id >= 0; id--) { // QEMU creates them in reverse order
            Node c = cpus.add(fw + "@" + Integer.toHexString(id));
            int l1d = p.cpu == CpuModel.POWER8 ? 0x10000 : 0x8000;
            c.setCells("reg", id).setString("device_type", "cpu").setCells("cpu-version", p.compatPvr != 0 ? p.compatPvr : p.cpu.pvr)
                    .setCells("d-cache-block-size", 128).setCells("d-cache-line-size", 128).setCells("i-cache-block-size", 128)
                    .setCells("i-cache-line-size", 128).setCells("d-cache-size", l1d).setCells("i-cache-size", 0x8000)
                    .setCells("timebase-frequency", TIMEBASE_FREQ).setCells("clock-frequency", CLOCK_FREQ)
                    .setCells("slb-size", 32).setCells("ibm,slb-size", 32).setString("status", "okay").setEmpty("64-bit")
                    .setCells("ibm,purr", 1).setCells("ibm,spurr", 1)
                    .setCells("ibm,processor-segment-sizes", 28, 40, 0xffffffff, 0xffffffff)
                    .setCells("ibm,vmx", 2).setCells("ibm,dfp", 1)
                    .setCells("ibm,segment-page-sizes", segmentPageSizes())
                    .set("ibm,pa-features", paFeatures(p.cpu, p.compatPvr, p.preIsa3Guest))
                    .setCells("ibm,chip-id", 0).setCells("ibm,pft-size", 0, p.htabShift)
                    .setCells("ibm,ppc-interrupt-server#s", id).setCells("ibm,ppc-interrupt-gserver#s", id, 0);
            int[] ap = radixApEncodings(p.cpu);
            if (ap.length > 0) c.setCells("ibm,processor-radix-AP-encodings", ap);
            // the large decrementer's width, when the machine enables it (QEMU spapr_dt_cpu)
            if (p.decBits > 0) c.setCells("ibm,dec-bits", p.decBits);
        }
    }

    /**
     * ibm,segment-page-sizes for the hash MMU (QEMU ppc_create_page_sizes_prop with POWER7+'s
     * table, 16G left out): per base size (page shift, SLB L||LP encoding, count) then (actual
     * page shift, HPTE LP encoding) pairs: 4K segments map 4K/64K/16M, 64K segments 64K/16M, 16M segments 16M.
     */
    public static int[] segmentPageSizes() {
        return new int[] {
            12, 0x000, 3, 12, 0x0, 16, 0x7, 24, 0x38,
            16, 0x110, 2, 16, 0x1, 24, 0x8,
            24, 0x100, 1, 24, 0x0,
        };
    }

    /**
     * ibm,processor-radix-AP-encodings (QEMU's POWER9/POWER10 ppc_radix_page_info): per radix page
     * size, the tlbie AP code in the top 3 bits and the page shift: 4K AP 0, 64K AP 5, 2M AP 1,
     * 1G AP 2. Empty for a CPU without the radix MMU (the property is then left out). QEMU emits
     * it for a POWER9 even in POWER8 compat mode, where the guest does not look at it.
     */
    public static int[] radixApEncodings(CpuModel cpu) {
        if (!cpu.implementsIsa(300)) return new int[0];
        return new int[] {0x0000000c, 0xa0000010, 0x20000015, 0x4000001e};
    }

    private static final byte[] PA_206 = bytes(6, 0, 0xf6, 0x1f, 0xc7, 0x00, 0x80, 0xc0);
    private static final byte[] PA_207 = bytes(24, 0, 0xf6, 0x1f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00);
    private static final byte[] PA_300 = bytes(66, 0,
            0xf6, 0x1f, 0xc7, 0xc0, 0x00, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
            0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0xC0, 0x00,
            0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
            0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
            0x80, 0x00, 0x80, 0x00, 0x00, 0x00);

    /**
     * ibm,pa-features (QEMU spapr_dt_pa_features): the ISA 3.00 table when the CPU runs at 3.00, else
     * 2.07's, else 2.06's; byte 3 gets "CI large pages" (0x20) as under TCG; no TM (cap-htm=off);
     * the radix bit is hidden from a guest that did not announce ISA 3.00 at CAS.
     */
    public static byte[] paFeatures(CpuModel cpu, int compatPvr, boolean preIsa3Guest) {
        byte[] pa;
        if (CompatLevel.check(cpu, CompatLevel.ISA_3_00.pvr, 0, compatPvr)) pa = PA_300.clone();
        else if (CompatLevel.check(cpu, CompatLevel.ISA_2_07.pvr, 0, compatPvr)) pa = PA_207.clone();
        else pa = PA_206.clone();
        pa[3] |= 0x20;
        if (preIsa3Guest && pa.length > 42) pa[42] &= (byte) ~0x80;
        return pa;
    }

    /** SPAPR_MEMORY_BLOCK_SIZE: the unit of memory hot-plug (LMB). */
    static final int MEMORY_BLOCK_SIZE = 256 << 20;

    static void rtas(Node root, Params p) {
        Node r = root.add("rtas");
        r.setString("ibm,hypertas-functions", p.hypertas.toArray(new String[0]));
        r.setCells("rtas-size", RTAS_ERROR_LOG_MAX + p.smp * 16 + 8).setCells("rtas-error-log-max", RTAS_ERROR_LOG_MAX)
                .setCells("rtas-event-scan-rate", 1).setEmpty("ibm,extended-os-term");
        // the partition's largest configuration (QEMU spapr_dt_rtas): top of memory (RAM, no
        // hot-pluggable memory, as QEMU since its fix for ram == maxmem), the 256 MiB memory block,
        // and the vCPUs (no hot-plug: -smp); Linux prints "Partition configured for N cpus"
        long top = p.ramSize;
        r.setCells("ibm,lrdr-capacity", (int) (top >>> 32), (int) top, 0, MEMORY_BLOCK_SIZE, p.smp);
        p.rtas.addTokens(r);
    }

    static void chosen(Node root, Params p) {
        Node c = root.add("chosen");
        if (p.bootargs != null && !p.bootargs.isEmpty()) c.setString("bootargs", p.bootargs);
        if (p.initrdSize > 0) {
            c.setCells("linux,initrd-start", (int) p.initrdBase).setCells("linux,initrd-end", (int) (p.initrdBase + p.initrdSize));
        }
        c.set("ibm,arch-vec-5-platform-support", platformSupport(p.cpu, p.compatPvr));
        c.set("ibm,architecture-vec-5", p.ov5Cas.toProperty());
    }

    /**
     * (byte, value) pairs telling prom_init what CAS may ask for (QEMU
     * spapr_dt_ov5_platform_support): byte 23 = 0x00 XICS only; byte 24 = 0xC0 hash or radix,
     * switchable (TCG), or 0x00 hash only when the CPU runs in a pre-ISA-3.00 compat mode;
     * 25 = 0x00 (no segment tables, no hash GTSE); 26 = 0x40 (radix with GTSE).
     */
    public static byte[] platformSupport(CpuModel cpu, int compatPvr) {
        int mmu = CompatLevel.check(cpu, CompatLevel.ISA_3_00.pvr, 0, compatPvr) ? 0xC0 : 0x00;
        return bytes(23, 0x00, 24, mmu, 25, 0x00, 26, 0x40);
    }

    /** Reflects a CAS result in the live tree: every cpu-version, pa-features, /chosen/ibm,architecture-vec-5. */
    public static void applyCas(Node root, CpuModel cpu, int compatPvr, OptionVector ov5Cas, boolean preIsa3) {
        Node cpus = root.find("/cpus");
        if (cpus != null) {
            for (Node c : cpus.children()) {
                if (!"cpu".equals(c.getString("device_type"))) continue;
                c.setCells("cpu-version", compatPvr != 0 ? compatPvr : cpu.pvr);
                c.set("ibm,pa-features", paFeatures(cpu, compatPvr, preIsa3));
            }
        }
        Node chosen = root.find("/chosen");
        if (chosen != null) chosen.set("ibm,architecture-vec-5", ov5Cas.toProperty());
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }
}
