package org.jpseries.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpseries.block.CacheMode;
import org.jpseries.block.DriveSpec;
import org.jpseries.block.ImageFormat;

/**
 * {@code -blockdev} as libvirt writes it (QEMU blockdev.c qmp_blockdev_add through the QAPI
 * BlockdevOptions visitor): JSON ({@code {"driver":"file","filename":F,"node-name":N,...}} then
 * {@code {"driver":"raw","node-name":M,"file":N,...}}) or dotted keys
 * ({@code driver=raw,node-name=M,file.driver=file,file.filename=F}, the first item the driver).
 * Nodes are the file protocol (file, host_device) and the raw format, a raw node's file either a
 * node named before it or nested. JSON is typed (QEMU: "Invalid parameter type"), dotted values
 * are strings read as QEMU's keyval visitor reads them.
 */
final class Blockdev {
    /** Root node names in order, with what each is. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** File nodes a raw node uses: they are not drives of their own. */
    private final Set<String> used = new LinkedHashSet<>();

    private record Node(String driver, Path file, boolean readOnly, CacheMode cache, boolean discard, boolean locking, String origin) {}

    /** The longest node name (block_int.h: char node_name[32] with its NUL). */
    static final int NODE_NAME_MAX = 31;

    private static final Set<String> FILE_KEYS = Set.of("driver", "node-name", "filename", "read-only", "auto-read-only", "discard", "cache",
            "locking", "aio", "detect-zeroes", "force-share", "aio-max-batch", "drop-cache", "x-check-cache-dropped", "pr-manager");
    private static final Set<String> RAW_KEYS = Set.of("driver", "node-name", "file", "read-only", "auto-read-only", "discard", "cache",
            "detect-zeroes", "force-share", "offset", "size");
    private static final Set<String> UNSUPPORTED = Set.of("force-share", "aio-max-batch", "drop-cache", "x-check-cache-dropped",
            "pr-manager", "offset", "size");

    boolean hasNode(String name) {
        return nodes.containsKey(name);
    }

    void add(String v, String opt) throws UsageException {
        String where = opt + " " + v;
        ObjectNode root;
        boolean typed = v.startsWith("{");
        if (typed) {
            try {
                JsonNode j = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(v);
                if (!(j instanceof ObjectNode o)) throw new UsageException(where + ": JSON parse error, not an object");
                root = o;
            } catch (JsonProcessingException e) {
                String m = e.getOriginalMessage();
                throw new UsageException(where + ": JSON parse error, " + (m.startsWith("Duplicate field") ? "duplicate key" : m.lines().findFirst().orElse(m)));
            }
        } else {
            root = dotted(v, where);
        }
        Keys k = new Keys(root, typed, "", where);
        Node n = node(k, null);
        String name = k.string("node-name");
        if (name == null) throw new UsageException(where + ": 'node-name' must be specified for the root node");
        if (!QemuOpts.wellFormed(name)) throw new UsageException(where + ": Invalid node-name: '" + name + "'");
        if (nodes.containsKey(name)) throw new UsageException(where + ": Duplicate nodes with node-name='" + name + "'");
        if (name.length() > NODE_NAME_MAX) throw new UsageException(where + ": Node name too long");
        nodes.put(name, n);
    }

    /** The drives: every raw node, and every file node no raw node uses. */
    List<DriveSpec> drives() {
        List<DriveSpec> r = new ArrayList<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (used.contains(e.getKey())) continue;
            Node n = e.getValue();
            r.add(new DriveSpec(e.getKey(), n.file(), DriveSpec.IF_NONE, n.readOnly(), n.cache(), n.discard(), n.locking(), true, n.origin()));
        }
        return r;
    }

    /** One node (root or nested under {@code parent}, whose discard and cache a nested file inherits). */
    private Node node(Keys k, Node parent) throws UsageException {
        String driver = k.string("driver");
        if (driver == null) throw k.missing("driver");
        if (!driver.equals("raw") && !driver.equals("file") && !driver.equals("host_device")) {
            if (ImageFormat.FORMATS.contains(driver)) {
                throw new UsageException(k.where + ": " + ImageFormat.rawOnly("driver " + driver + " is not supported", "FILE"));
            }
            if (DriveOptions.PROTOCOLS.contains(driver) || DriveOptions.FILTERS.contains(driver)) {
                throw new UsageException(k.where + ": driver " + driver + " is not supported: jpseries opens host files and block devices (file, host_device) under raw");
            }
            throw new UsageException(k.where + ": Parameter '" + k.prefix + "driver' does not accept value '" + driver + "'");
        }
        boolean raw = driver.equals("raw");
        k.only(raw ? RAW_KEYS : FILE_KEYS);
        for (String u : UNSUPPORTED) {
            if (k.has(u)) throw new UsageException(k.where + ": '" + k.prefix + u + "' is not supported by jpseries yet");
        }
        String dz = k.string("detect-zeroes");
        if (dz != null && !dz.equals("off")) {
            if (!Set.of("on", "unmap").contains(dz)) throw k.badValue("detect-zeroes", dz);
            throw new UsageException(k.where + ": '" + k.prefix + "detect-zeroes' is not supported by jpseries yet");
        }
        k.bool("auto-read-only"); // a node opens with the permissions its users need: what auto-read-only relaxes never arises here
        Boolean ro = k.bool("read-only");
        boolean readOnly = ro != null && ro;
        String d = k.string("discard");
        if (d != null && !d.equals("ignore") && !d.equals("unmap")) throw k.badValue("discard", d);
        boolean discard = d != null ? d.equals("unmap") : parent != null && parent.discard();
        CacheMode cache = parent != null ? parent.cache() : CacheMode.WRITEBACK;
        Keys ck = k.object("cache");
        if (ck != null) {
            ck.only(Set.of("direct", "no-flush"));
            Boolean direct = ck.bool("direct"), noFlush = ck.bool("no-flush");
            if (direct != null) cache = cache.withDirect(direct);
            if (noFlush != null) cache = cache.withNoFlush(noFlush);
        }
        if (!raw) {
            String filename = k.string("filename");
            if (filename == null) throw k.missing("filename");
            String locking = k.string("locking");
            if (locking != null && !Set.of("on", "off", "auto").contains(locking)) throw k.badValue("locking", locking);
            String aio = k.string("aio");
            if (aio != null && !Set.of("threads", "native", "io_uring").contains(aio)) throw k.badValue("aio", aio);
            DriveOptions.aio(aio, cache, k.where, "");
            return new Node(driver, Path.of(filename), readOnly, cache, discard, !"off".equals(locking), k.where);
        }
        Node self = new Node(driver, null, readOnly, cache, discard, true, k.where);
        Node file;
        Keys fk = k.objectOrNull("file");
        if (fk != null) {
            file = node(fk, self);
            if (file.file() == null) throw new UsageException(k.where + ": raw over raw is not supported by jpseries");
        } else {
            String ref = k.string("file");
            if (ref == null) throw k.missing("file");
            file = nodes.get(ref);
            if (file == null) throw new UsageException(k.where + ": Cannot find device='" + ref + "' nor node-name='" + ref + "'");
            if (file.file() == null) throw new UsageException(k.where + ": raw over raw is not supported by jpseries");
            used.add(ref);
            discard = discard && file.discard();
            cache = file.cache();
        }
        if (file.readOnly() && !readOnly) {
            // QEMU says so when a device takes the node for writing (-device virtio-blk-pci,drive=...)
            throw new UsageException(k.where + ": Block node is read-only");
        }
        return new Node(driver, file.file(), readOnly, cache, discard, file.locking(), k.where);
    }

    /** Dotted keys into a tree of strings (util/keyval.c keyval_parse, implied key "driver"). */
    private static ObjectNode dotted(String v, String where) throws UsageException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : QemuOpts.parse(v, "driver")) {
            String[] path = e.getKey().split("\\.", -1);
            ObjectNode at = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode next = at.get(path[i]);
                if (next == null) next = at.putObject(path[i]);
                if (!(next instanceof ObjectNode o)) throw new UsageException(where + ": Parameters '" + e.getKey() + "' used inconsistently");
                at = o;
            }
            if (at.get(path[path.length - 1]) instanceof ObjectNode) throw new UsageException(where + ": Parameters '" + e.getKey() + "' used inconsistently");
            at.put(path[path.length - 1], e.getValue());
        }
        return root;
    }

    /** The members of one node, named as QEMU names them in messages (with the nesting prefix, e.g. 'file.filename'). */
    private static final class Keys {
        final ObjectNode o;
        final boolean typed;
        final String prefix, where;

        Keys(ObjectNode o, boolean typed, String prefix, String where) {
            this.o = o;
            this.typed = typed;
            this.prefix = prefix;
            this.where = where;
        }

        boolean has(String key) {
            return o.has(key);
        }

        void only(Set<String> allowed) throws UsageException {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!allowed.contains(f)) throw new UsageException(where + ": Parameter '" + prefix + f + "' is unexpected");
            }
        }

        UsageException missing(String key) {
            return new UsageException(where + ": Parameter '" + prefix + key + "' is missing");
        }

        UsageException badValue(String key, String value) {
            return new UsageException(where + ": Parameter '" + prefix + key + "' does not accept value '" + value + "'");
        }

        String string(String key) throws UsageException {
            JsonNode n = o.get(key);
            if (n == null) return null;
            if (!n.isTextual()) throw new UsageException(where + ": Invalid parameter type for '" + prefix + key + "', expected: string");
            return n.asText();
        }

        Boolean bool(String key) throws UsageException {
            JsonNode n = o.get(key);
            if (n == null) return null;
            if (typed) {
                if (!n.isBoolean()) throw new UsageException(where + ": Invalid parameter type for '" + prefix + key + "', expected: boolean");
                return n.asBoolean();
            }
            Boolean b = n.isTextual() ? QemuOpts.bool(n.asText()) : null;
            if (b == null) throw new UsageException(where + ": Parameter '" + prefix + key + "' expects 'on' or 'off'");
            return b;
        }

        /** A member that must be an object, or null when absent. */
        Keys object(String key) throws UsageException {
            JsonNode n = o.get(key);
            if (n == null) return null;
            if (!(n instanceof ObjectNode c)) throw new UsageException(where + ": Invalid parameter type for '" + prefix + key + "', expected: object");
            return new Keys(c, typed, prefix + key + ".", where);
        }

        /** A member that is an object (then returned) or something else (then null: the caller reads it as a reference). */
        Keys objectOrNull(String key) {
            return o.get(key) instanceof ObjectNode c ? new Keys(c, typed, prefix + key + ".", where) : null;
        }
    }
}
