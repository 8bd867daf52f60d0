package org.jpseries.spapr.ci;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.jpseries.hw.SpaprVty;
import org.jpseries.memory.GuestRam;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.spapr.rtas.RtasBlob;

/**
 * The Open Firmware client interface (IEEE 1275 ch. 6) served by the host, as QEMU's VOF
 * (hw/ppc/vof.c) does: the guest's entry stub traps with hcall 0xF005 and r4 = the address of
 * {service, nargs, nret, args[nargs], rets[nret]} in 32-bit big-endian cells. Services read and
 * write the Java {@link Node} tree. Bad guest pointers and unknown handles give -1 (PROM_ERROR),
 * never an exception.
 */
public final class ClientInterface {
    public static final int PROM_ERROR = -1;
    /**
     * Property names may be longer than IEEE 1275's 31 characters: QEMU's VOF allows 64
     * (OF_PROPNAME_LEN_MAX), as LoPAPR and QEMU's trees use longer names
     * (ibm,processor-radix-AP-encodings has 32).
     */
    static final int MAX_ARGS = 10, MAX_PATH = 256, MAX_PROPNAME = 64, MAX_SERVICE = 64, MAX_SETPROP = 2048;

    /** What the client interface needs from the machine. */
    public interface Machine {
        /** ibm,client-architecture-support with the guest's vector table; the value returned to the guest (0 = success). */
        int clientArchitectureSupport(long vecAddr);

        /** "quiesce": the client is about to take over the machine. */
        void quiesce();

        /** "exit": the client gave up. */
        void exit();
    }

    private final Node root;
    private final GuestRam ram;
    private final SpaprVty console;
    private final ClaimList claims;
    private final Machine machine;
    private final GuestLog log;
    private final long startNanos = System.nanoTime();

    private final Map<Node, Integer> phandles = new IdentityHashMap<>();
    private final Map<Integer, Node> byPhandle = new HashMap<>();
    private int nextPhandle = 1;
    private final Map<Integer, Node> instances = new HashMap<>();
    private int nextIhandle = 0x100;

    public ClientInterface(Node root, GuestRam ram, SpaprVty console, ClaimList claims, Machine machine, GuestLog log) {
        this.root = root;
        this.ram = ram;
        this.console = console;
        this.claims = claims;
        this.machine = machine;
        this.log = log;
        // Honour phandles already in the tree (e.g. the interrupt controller's 0x1111).
        collectPhandles(root);
    }

    private void collectPhandles(Node n) {
        int ph = n.getCell("phandle", 0);
        if (ph != 0 && ph != -1 && !byPhandle.containsKey(ph)) {
            phandles.put(n, ph);
            byPhandle.put(ph, n);
        }
        for (Node c : n.children()) collectPhandles(c);
    }

    /**
     * The tree changed under the client (CAS swapping the interrupt-controller node): forgets the
     * phandles of nodes no longer in the tree and honours the phandle properties of new ones.
     */
    public void treeChanged() {
        phandles.keySet().removeIf(n -> !inTree(n));
        byPhandle.values().removeIf(n -> !inTree(n));
        collectPhandles(root);
    }

    private boolean inTree(Node n) {
        while (n.parent() != null) n = n.parent();
        return n == root;
    }

    public int phandle(Node n) {
        Integer ph = phandles.get(n);
        if (ph != null) return ph;
        while (byPhandle.containsKey(nextPhandle)) nextPhandle++;
        int v = nextPhandle++;
        phandles.put(n, v);
        byPhandle.put(v, n);
        return v;
    }

    Node node(int ph) {
        return byPhandle.get(ph);
    }

    /** Opens a device by path (used for /chosen/stdout at reset). Returns the ihandle or -1. */
    public int open(String path) {
        Node n = find(path);
        if (n == null) return PROM_ERROR;
        int ih = nextIhandle++;
        instances.put(ih, n);
        return ih;
    }

    private Node find(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') return null;
        return root.find(path.toLowerCase(java.util.Locale.ROOT).equals(path) ? path : lowerUnitAddresses(path));
    }

    /** OF paths may spell unit addresses in upper case; the tree uses lower case. */
    private static String lowerUnitAddresses(String p) {
        StringBuilder b = new StringBuilder();
        boolean unit = false;
        for (char ch : p.toCharArray()) {
            if (ch == '/') unit = false;
            else if (ch == '@') unit = true;
            b.append(unit ? Character.toLowerCase(ch) : ch);
        }
        return b.toString();
    }

    /** Regenerates /memory@0 "available" from the claims (QEMU vof_dt_memory_available). */
    public void updateAvailable() {
        Node mem = root.find("/memory@0");
        if (mem == null) return;
        byte[] reg = mem.get("reg");
        if (reg == null || reg.length < 16) return;
        long end = java.nio.ByteBuffer.wrap(reg).getLong(8);
        var free = claims.free(end);
        long[] v = new long[2 * free.size()];
        for (int i = 0; i < free.size(); i++) {
            v[2 * i] = free.get(i).start();
            v[2 * i + 1] = free.get(i).size();
        }
        mem.setU64("available", v);
    }

    /** The hcall: r4 = prom_args. */
    public long hcall(HcallRegisters regs) {
        return call(regs.gpr(4));
    }

    public long call(long argsAddr) {
        if (argsAddr < 0 || !ram.contains(argsAddr, 12)) return Hcall.H_PARAMETER;
        int servicePtr = ram.readBE32(argsAddr);
        int nargs = ram.readBE32(argsAddr + 4), nret = ram.readBE32(argsAddr + 8);
        if (nargs < 0 || nret < 0 || nargs + nret > MAX_ARGS) {
            log.guestError("client interface: nargs %d + nret %d exceed %d", nargs, nret, MAX_ARGS);
            return Hcall.H_PARAMETER;
        }
        if (!ram.contains(argsAddr + 12, 4L * (nargs + nret))) return Hcall.H_PARAMETER;
        long[] args = new long[MAX_ARGS];
        for (int i = 0; i < nargs; i++) args[i] = ram.readBE32(argsAddr + 12 + 4L * i) & 0xFFFFFFFFL;
        int[] rets = new int[MAX_ARGS];
        String service = readString(servicePtr & 0xFFFFFFFFL, MAX_SERVICE);
        int nr;
        if (service == null) {
            rets[0] = PROM_ERROR;
            nr = 1;
        } else {
            nr = dispatch(service, nargs, nret, args, rets);
        }
        long retAddr = argsAddr + 12 + 4L * nargs;
        for (int i = 0; i < Math.min(nret, nr); i++) ram.writeBE32(retAddr + 4L * i, rets[i]);
        return Hcall.H_SUCCESS;
    }

    /** Runs one service; fills rets and returns how many it produced. */
    int dispatch(String s, int nargs, int nret, long[] a, int[] r) {
        try {
            switch (s) {
                case "finddevice" -> r[0] = finddevice(a[0]);
                case "getprop" -> r[0] = getprop((int) a[0], a[1], a[2], a[3]);
                case "getproplen" -> r[0] = getproplen((int) a[0], a[1]);
                case "setprop" -> r[0] = setprop((int) a[0], a[1], a[2], a[3]);
                case "nextprop" -> r[0] = nextprop((int) a[0], a[1], a[2]);
                case "peer" -> r[0] = peer((int) a[0]);
                case "child" -> r[0] = child((int) a[0]);
                case "parent" -> r[0] = parent((int) a[0]);
                case "instance-to-package" -> {
                    Node n = instances.get((int) a[0]);
                    r[0] = n == null ? PROM_ERROR : phandle(n);
                }
                case "package-to-path" -> r[0] = toPath(node((int) a[0]), a[1], a[2]);
                case "instance-to-path" -> r[0] = toPath(instances.get((int) a[0]), a[1], a[2]);
                case "open" -> {
                    String path = readString(a[0], MAX_PATH);
                    r[0] = path == null ? PROM_ERROR : open(path);
                }
                case "close" -> {
                    instances.remove((int) a[0]);
                    return 0;
                }
                case "write" -> r[0] = write((int) a[0], a[1], a[2]);
                case "read" -> r[0] = read((int) a[0], a[1], a[2]);
                case "seek" -> r[0] = PROM_ERROR;
                case "claim" -> {
                    long got = claims.claim(a[0], a[1], a[2]);
                    if (got != -1) updateAvailable();
                    r[0] = (int) got;
                }
                case "release" -> {
                    if (claims.release(a[0], a[1])) updateAvailable();
                    return 0;
                }
                case "call-method" -> {
                    return callMethod(nargs, a, r);
                }
                case "milliseconds" -> r[0] = (int) ((System.nanoTime() - startNanos) / 1_000_000);
                case "quiesce" -> {
                    machine.quiesce();
                    return 0;
                }
                case "exit" -> {
                    machine.exit();
                    return 0;
                }
                case "interpret" -> r[0] = PROM_ERROR;
                case "test" -> {
                    String name = readString(a[0], MAX_SERVICE);
                    r[0] = name != null && isService(name) ? 0 : PROM_ERROR;
                }
                default -> {
                    log.guestError("client interface: unknown service '%s' (%d args, %d rets)", s, nargs, nret);
                    r[0] = PROM_ERROR;
                }
            }
        } catch (IllegalArgumentException e) { // a guest buffer outside RAM
            log.guestError("client interface: %s: %s", s, e.getMessage());
            r[0] = PROM_ERROR;
        }
        return 1;
    }

    private static boolean isService(String n) {
        return switch (n) {
            case "finddevice", "getprop", "getproplen", "setprop", "nextprop", "peer", "child", "parent", "instance-to-package",
                    "package-to-path", "instance-to-path", "open", "close", "write", "read", "claim", "release", "call-method",
                    "milliseconds", "quiesce", "exit", "test" -> true;
            default -> false;
        };
    }

    int finddevice(long pathAddr) {
        String path = readString(pathAddr, MAX_PATH);
        if (path == null) return PROM_ERROR;
        Node n = find(path);
        return n == null ? PROM_ERROR : phandle(n);
    }

    /** A property value; "name" is synthesised from the node name without its unit address (as VOF). */
    private byte[] property(Node n, String name) {
        byte[] v = n.get(name);
        if (v != null || !name.equals("name")) return v;
        String nm = n.name();
        int at = nm.indexOf('@');
        if (at >= 0) nm = nm.substring(0, at);
        byte[] b = nm.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    int getprop(int ph, long nameAddr, long buf, long len) {
        Node n = node(ph);
        String name = readString(nameAddr, MAX_PROPNAME + 1);
        if (n == null || name == null) return PROM_ERROR;
        byte[] v = property(n, name);
        if (v == null) return PROM_ERROR;
        int cb = (int) Math.min(v.length, len);
        if (cb > 0) {
            if (!ram.contains(buf, cb)) return PROM_ERROR;
            ram.write(buf, v, 0, cb);
        }
        return v.length;
    }

    int getproplen(int ph, long nameAddr) {
        Node n = node(ph);
        String name = readString(nameAddr, MAX_PROPNAME + 1);
        if (n == null || name == null) return PROM_ERROR;
        byte[] v = property(n, name);
        return v == null ? PROM_ERROR : v.length;
    }

    int setprop(int ph, long nameAddr, long buf, long len) {
        Node n = node(ph);
        String name = readString(nameAddr, MAX_PROPNAME + 1);
        if (n == null || name == null || len > MAX_SETPROP || !ram.contains(buf, len)) return PROM_ERROR;
        byte[] v = new byte[(int) len];
        ram.read(buf, v, 0, v.length);
        n.set(name, v);
        return (int) len;
    }

    /** nextprop: 1 and the next name, 0 at the end, -1 for a bad node. */
    int nextprop(int ph, long prevAddr, long buf) {
        Node n = node(ph);
        String prev = readString(prevAddr, MAX_PROPNAME + 1);
        if (n == null || prev == null) return PROM_ERROR;
        Iterator<String> it = n.properties().keySet().iterator();
        String next = null;
        if (prev.isEmpty()) {
            if (it.hasNext()) next = it.next();
        } else {
            while (it.hasNext()) {
                if (it.next().equals(prev)) {
                    if (it.hasNext()) next = it.next();
                    break;
                }
            }
        }
        if (next == null) return 0;
        byte[] b = (next + "\0").getBytes(StandardCharsets.UTF_8);
        if (!ram.contains(buf, b.length)) return PROM_ERROR;
        ram.write(buf, b, 0, b.length);
        return 1;
    }

    int peer(int ph) {
        if (ph == 0) return phandle(root);
        Node n = node(ph);
        if (n == null || n.parent() == null) return 0;
        var sib = n.parent().children();
        int i = sib.indexOf(n);
        return i + 1 < sib.size() ? phandle(sib.get(i + 1)) : 0;
    }

    int child(int ph) {
        Node n = node(ph);
        if (n == null || n.children().isEmpty()) return 0;
        return phandle(n.children().get(0));
    }

    int parent(int ph) {
        Node n = node(ph);
        if (n == null || n.parent() == null) return 0;
        return phandle(n.parent());
    }

    /** package-to-path / instance-to-path: writes up to len bytes (NUL-terminated if room), returns the path length. */
    int toPath(Node n, long buf, long len) {
        if (n == null) return PROM_ERROR;
        byte[] p = n.path().getBytes(StandardCharsets.UTF_8);
        int cb = (int) Math.min(p.length + 1L, len);
        if (cb > 0) {
            if (!ram.contains(buf, cb)) return PROM_ERROR;
            byte[] out = new byte[cb];
            System.arraycopy(p, 0, out, 0, Math.min(p.length, cb));
            ram.write(buf, out, 0, cb);
        }
        return p.length;
    }

    int write(int ih, long buf, long len) {
        Node n = instances.get(ih);
        if (n == null || !ram.contains(buf, len) || len > Integer.MAX_VALUE) return PROM_ERROR;
        byte[] b = new byte[(int) len];
        ram.read(buf, b, 0, b.length);
        if (console != null && "serial".equals(n.getString("device_type"))) console.putChars(b, 0, b.length);
        return (int) len;
    }

    int read(int ih, long buf, long len) {
        Node n = instances.get(ih);
        if (n == null || len < 0 || len > 4096 || !ram.contains(buf, len)) return PROM_ERROR;
        if (console == null || !"serial".equals(n.getString("device_type"))) return 0;
        byte[] b = new byte[(int) len];
        int got = console.getChars(b, b.length);
        ram.write(buf, b, 0, got);
        return got;
    }

    /** call-method(method, ihandle, args...) -> catch-result, method results. */
    int callMethod(int nargs, long[] a, int[] r) {
        String method = readString(a[0], MAX_SERVICE);
        Node n = instances.get((int) a[1]);
        if (method == null || n == null) {
            r[0] = PROM_ERROR;
            return 1;
        }
        String path = n.path();
        if (path.equals("/") && method.equals("ibm,client-architecture-support") && nargs >= 3) {
            r[0] = 0;
            r[1] = machine.clientArchitectureSupport(a[2]);
            return 2;
        }
        if (path.equals("/rtas") && method.equals("instantiate-rtas") && nargs >= 3) {
            long base = a[2];
            byte[] blob = RtasBlob.rtas();
            if (!ram.contains(base, blob.length)) {
                r[0] = PROM_ERROR;
                return 1;
            }
            ram.write(base, blob, 0, blob.length);
            r[0] = 0;
            r[1] = (int) base;
            return 2;
        }
        log.guestError("client interface: call-method '%s' on %s is not implemented", method, path);
        r[0] = PROM_ERROR;
        return 1;
    }

    /** A NUL-terminated string of at most max-1 characters, or null if too long or outside RAM. */
    String readString(long addr, int max) {
        if (addr < 0) return null;
        byte[] b = new byte[max];
        for (int i = 0; i < max; i++) {
            if (!ram.contains(addr + i, 1)) return null;
            int c = ram.readU8(addr + i);
            if (c == 0) return new String(b, 0, i, StandardCharsets.ISO_8859_1);
            b[i] = (byte) c;
        }
        return null;
    }
}
