package org.jpseries.spapr;

import org.jpseries.cpu.CpuModel;
import org.jpseries.papr.Hcalls;
import org.jpseries.papr.Rtas;
import org.jpseries.spapr.cas.CompatLevel;
import org.jpseries.spapr.cas.OptionVector;
import org.jpseries.spapr.devtree.Node;

/**
 * The machine's part of the pseries device tree the guest's Open Firmware client sees, following
 * QEMU's spapr_build_fdt (hw/ppc/spapr.c): root, /memory@0, the /vdevice bus,
 * /ibm,platform-facilities (H_RANDOM), /cpus (one node per core, one thread each), /rtas and
 * /chosen, from the machine's configuration alone (the command line's options and the boot layout
 * planned from them) and the call tables the devices registered into (hcall groups, RTAS tokens).
 * Everything else comes from the registered devices ({@code Device.buildTree}): the vty, NVRAM and
 * event sources add their nodes; the "spapr" device writes its CAS outcome over the power-on
 * values written here ({@link #applyCas}); the active interrupt controller adds its node. Adding
 * a device is its registration, never an edit here.
 */
public final class SpaprTree {
    private SpaprTree() {}

    public static final int TIMEBASE_FREQ = 512_000_000;
    public static final int CLOCK_FREQ = 1_000_000_000;
    public static final int PHANDLE_XICP = 0x1111;
    public static final int RTAS_ERROR_LOG_MAX = 2048;

    /**
     * The machine's nodes for configuration {@code opt} booting {@code layout}, with the hcall groups
     * of {@code hcalls} and the tokens of {@code rtas}, as at power-on: the compat PVR at
     * max-cpu-compat and nothing negotiated by CAS yet.
     */
    public static Node build(SpaprPlatform.Options opt, BootLayout layout, Hcalls hcalls, Rtas rtas) {
        Node root = new Node("");
        root.setString("device_type", "chrp").setString("model", "IBM pSeries (emulated by jpseries)")
                .setString("compatible", "qemu,pseries").setCells("#address-cells", 2).setCells("#size-cells", 2);
        root.add("memory@0").setString("device_type", "memory").setU64("reg", 0, opt.ramSize());
        vdevice(root);
        Node pf = root.add("ibm,platform-facilities");
        pf.setString("device_type", "ibm,platform-facilities").setCells("#address-cells", 1).setCells("#size-cells", 0);
        pf.add("ibm,random-v1").setString("device_type", "ibm,random-v1").setString("compatible", "ibm,random-v1");
        cpus(root, opt);
        rtas(root, opt, hcalls, rtas);
        chosen(root, opt, layout);
        return root;
    }

    /** The VIO bus (QEMU spapr_dt_vdevice); its devices add their own nodes. */
    static void vdevice(Node root) {
        Node v = root.add("vdevice");
        v.setString("device_type", "vdevice").setString("compatible", "IBM,vdevice").setCells("#address-cells", 1)
                .setCells("#size-cells", 0).setCells("#interrupt-cells", 2).setEmpty("interrupt-controller");
    }

    /** /cpus (QEMU spapr_dt_cpus), each vCPU at the power-on compat PVR; {@link #applyCas} updates them. */
    static void cpus(Node root, SpaprPlatform.Options opt) {
        CpuModel cpu = opt.cpu();
        int compatPvr = opt.maxCompatPvr();
        int decBits = opt.largeDecrementerBits();
        Node cpus = root.add("cpus").setCells("#address-cells", 1).setCells("#size-cells", 0);
        String fw = "PowerPC," + cpu.displayName;
        for (int id = opt.smp() - 1; id >= 0; id--) { // QEMU creates them in reverse order
            Node c = cpus.add(fw + "@" + Integer.toHexString(id));
            int l1d = cpu == CpuModel.POWER8 ? 0x10000 : 0x8000;
            c.setCells("reg", id).setString("device_type", "cpu").setCells("cpu-version", compatPvr != 0 ? compatPvr : cpu.pvr)
                    .setCells("d-cache-block-size", 128).setCells("d-cache-line-size", 128).setCells("i-cache-block-size", 128)
                    .setCells("i-cache-line-size", 128).setCells("d-cache-size", l1d).setCells("i-cache-size", 0x8000)
                    .setCells("timebase-frequency", TIMEBASE_FREQ).setCells("clock-frequency", CLOCK_FREQ)
                    .setCells("slb-size", 32).setCells("ibm,slb-size", 32).setString("status", "okay").setEmpty("64-bit")
                    .setCells("ibm,purr", 1).setCells("ibm,spurr", 1)
                    .setCells("ibm,processor-segment-sizes", 28, 40, 0xffffffff, 0xffffffff)
                    .setCells("ibm,vmx", 2).setCells("ibm,dfp", 1)
                    .setCells("ibm,segment-page-sizes", segmentPageSizes())
                    .set("ibm,pa-features", paFeatures(cpu, compatPvr, false))
                    .setCells("ibm,chip-id", 0).setCells("ibm,pft-size", 0, org.jpseries.mmu.hash.HashPageTable.shiftForRam(opt.ramSize()))
                    .setCells("ibm,ppc-interrupt-server#s", id).setCells("ibm,ppc-interrupt-gserver#s", id, 0);
            int[] ap = radixApEncodings(cpu);
            if (ap.length > 0) c.setCells("ibm,processor-radix-AP-encodings", ap);
            // the large decrementer's width, when the machine enables it (QEMU spapr_dt_cpu)
            if (decBits > 0) c.setCells("ibm,dec-bits", decBits);
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

    /** /rtas (QEMU spapr_dt_rtas): the hcall groups and RTAS tokens the devices registered, and the partition's limits. */
    static void rtas(Node root, SpaprPlatform.Options opt, Hcalls hcalls, Rtas rtas) {
        Node r = root.add("rtas");
        r.setString("ibm,hypertas-functions", hcalls.hypertasFunctions().toArray(new String[0]));
        r.setCells("rtas-size", RTAS_ERROR_LOG_MAX + opt.smp() * 16 + 8).setCells("rtas-error-log-max", RTAS_ERROR_LOG_MAX)
                .setCells("rtas-event-scan-rate", 1);
        // MSI-X through ibm,change-msi, where the machine offers it (QEMU: with msi_nonbroken)
        if (rtas.has(org.jpseries.papr.RtasTokens.IBM_CHANGE_MSI)) r.setEmpty("ibm,change-msix-capable");
        r.setEmpty("ibm,extended-os-term");
        // the partition's largest configuration (QEMU spapr_dt_rtas): top of memory (RAM, no
        // hot-pluggable memory, as QEMU since its fix for ram == maxmem), the 256 MiB memory block,
        // and the vCPUs (no hot-plug: -smp); Linux prints "Partition configured for N cpus"
        long top = opt.ramSize();
        r.setCells("ibm,lrdr-capacity", (int) (top >>> 32), (int) top, 0, MEMORY_BLOCK_SIZE, opt.smp());
        rtas.addTokens(r);
    }

    /**
     * /chosen (QEMU spapr_dt_chosen): -append, the initrd, that Linux assigns PCI resources, what
     * CAS may ask for under max-cpu-compat, and the power-on CAS outcome (nothing negotiated); the devices add their
     * paths (stdout) and the "spapr" device its CAS outcome.
     */
    static void chosen(Node root, SpaprPlatform.Options opt, BootLayout layout) {
        Node c = root.add("chosen");
        if (opt.bootargs() != null && !opt.bootargs().isEmpty()) c.setString("bootargs", opt.bootargs());
        if (layout.initrdSize() > 0) {
            c.setCells("linux,initrd-start", (int) layout.initrdBase())
                    .setCells("linux,initrd-end", (int) (layout.initrdBase() + layout.initrdSize()));
        }
        // nothing assigns BARs before Linux (no SLOF): it may (re)assign them all (QEMU's linux_pci_probe)
        c.setCells("linux,pci-probe-only", 0);
        c.set("ibm,arch-vec-5-platform-support", platformSupport(opt.cpu(), opt.maxCompatPvr()));
        c.set("ibm,architecture-vec-5", new OptionVector().toProperty());
    }

    /**
     * (byte, value) pairs telling prom_init what CAS may ask for (QEMU
     * spapr_dt_ov5_platform_support, which tests max_compat_pvr): byte 23 = 0x00 XICS only (the
     * ic-mode's value is set by {@code XiveTree.platformSupport}); byte 24 = 0xC0 hash or radix,
     * switchable (TCG), or 0x00 hash only when max-cpu-compat is below ISA 3.00;
     * 25 = 0x00 (no segment tables, no hash GTSE); 26 = 0x40 (radix with GTSE).
     */
    public static byte[] platformSupport(CpuModel cpu, int maxCompatPvr) {
        int mmu = CompatLevel.check(cpu, CompatLevel.ISA_3_00.pvr, 0, maxCompatPvr) ? 0xC0 : 0x00;
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
