package org.jpseries.spapr.devtree;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device-tree node (Devicetree Specification v0.4 ch. 2; IEEE 1275 for the Open Firmware view):
 * a name with optional unit address ("cpu@0"), ordered properties holding raw big-endian bytes,
 * and ordered children. The same model backs the flattened tree and the client interface.
 */
public final class Node {
    private final String name;
    private Node parent;
    private final Map<String, byte[]> properties = new LinkedHashMap<>();
    private final List<Node> children = new ArrayList<>();

    public Node(String name) {
        this.name = name;
    }

    /** The node name with unit address, "" for the root. */
    public String name() {
        return name;
    }

    public Node parent() {
        return parent;
    }

    public List<Node> children() {
        return Collections.unmodifiableList(children);
    }

    public Map<String, byte[]> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public Node addChild(Node child) {
        if (child.parent != null) throw new IllegalStateException(child.name + " already has a parent");
        if (child(child.name) != null) throw new IllegalArgumentException("duplicate node " + path() + "/" + child.name);
        child.parent = this;
        children.add(child);
        return child;
    }

    /** Adds and returns a new child node. */
    public Node add(String childName) {
        return addChild(new Node(childName));
    }

    public Node child(String childName) {
        for (Node c : children) {
            if (c.name.equals(childName)) return c;
        }
        return null;
    }

    public boolean removeChild(Node c) {
        if (children.remove(c)) {
            c.parent = null;
            return true;
        }
        return false;
    }

    /** Full path, "/" for the root. */
    public String path() {
        if (parent == null) return "/";
        String p = parent.path();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    public byte[] get(String prop) {
        return properties.get(prop);
    }

    public boolean has(String prop) {
        return properties.containsKey(prop);
    }

    public Node set(String prop, byte[] value) {
        properties.put(prop, value.clone());
        return this;
    }

    public boolean remove(String prop) {
        return properties.remove(prop) != null;
    }

    /** An empty (boolean) property. */
    public Node setEmpty(String prop) {
        return set(prop, new byte[0]);
    }

    /** A NUL-terminated string, or a string list when several are given. */
    public Node setString(String prop, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return set(prop, b.toByteArray());
    }

    /** One or more 32-bit big-endian cells. */
    public Node setCells(String prop, int... cells) {
        byte[] b = new byte[4 * cells.length];
        for (int i = 0; i < cells.length; i++) putU32(b, 4 * i, cells[i]);
        return set(prop, b);
    }

    /** 64-bit values, each as two cells. */
    public Node setU64(String prop, long... values) {
        byte[] b = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            putU32(b, 8 * i, (int) (values[i] >>> 32));
            putU32(b, 8 * i + 4, (int) values[i]);
        }
        return set(prop, b);
    }

    /** The first cell of a property, or {@code dflt} if absent or too short. */
    public int getCell(String prop, int dflt) {
        byte[] v = properties.get(prop);
        if (v == null || v.length < 4) return dflt;
        return (v[0] & 0xFF) << 24 | (v[1] & 0xFF) << 16 | (v[2] & 0xFF) << 8 | (v[3] & 0xFF);
    }

    /** The property as a string (up to the first NUL), or null. */
    public String getString(String prop) {
        byte[] v = properties.get(prop);
        if (v == null) return null;
        int n = 0;
        while (n < v.length && v[n] != 0) n++;
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    /** Finds a node by absolute path ("/cpus/PowerPC,POWER9@0"), or null. */
    public Node find(String absPath) {
        Node n = this;
        while (n.parent != null) n = n.parent;
        for (String part : absPath.split("/")) {
            if (part.isEmpty()) continue;
            Node next = n.child(part);
            if (next == null) {
                // IEEE 1275: a component without a unit address matches the first node of that name
                for (Node c : n.children) {
                    if (c.name.startsWith(part + "@")) {
                        next = c;
                        break;
                    }
                }
            }
            if (next == null) return null;
            n = next;
        }
        return n;
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
