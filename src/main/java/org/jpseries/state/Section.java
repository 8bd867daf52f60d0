package org.jpseries.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One section of machine state: a name, an instance, a version, named typed fields in the order
 * they were put, and subsections (QEMU's vmstate subsections: sent only when needed, each with
 * its own version). Values are copied in and out, so a section is a snapshot, not a view.
 *
 * <p>Getters check name and type and throw {@link StateException} naming the section and field;
 * a loader therefore never sees a missing or mistyped field as a Java exception.
 */
public final class Section {
    private final String name;
    private final int instance;
    private final int version;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private final List<Section> subsections = new ArrayList<>();

    public Section(String name, int instance, int version) {
        this.name = Objects.requireNonNull(name);
        this.instance = instance;
        this.version = version;
    }

    public String name() {
        return name;
    }

    public int instance() {
        return instance;
    }

    public int version() {
        return version;
    }

    /** "name" or "name[instance]", as messages and diffs name the section. */
    public String label() {
        return instance == 0 ? name : name + "[" + instance + "]";
    }

    // ---- building ---------------------------------------------------------------------------

    private Section put(String field, Object v) {
        if (fields.putIfAbsent(Objects.requireNonNull(field), v) != null) {
            throw new IllegalArgumentException("section " + label() + ": field " + field + " put twice");
        }
        return this;
    }

    public Section bool(String field, boolean v) {
        return put(field, v);
    }

    public Section i32(String field, int v) {
        return put(field, v);
    }

    public Section i64(String field, long v) {
        return put(field, v);
    }

    public Section str(String field, String v) {
        return put(field, Objects.requireNonNull(v));
    }

    public Section bytes(String field, byte[] v) {
        return put(field, v.clone());
    }

    public Section ints(String field, int[] v) {
        return put(field, v.clone());
    }

    public Section longs(String field, long[] v) {
        return put(field, v.clone());
    }

    /** Adds a subsection (its name must be unique within this section). */
    public Section sub(Section s) {
        if (subsection(s.name) != null) throw new IllegalArgumentException("section " + label() + ": subsection " + s.name + " added twice");
        subsections.add(s);
        return this;
    }

    /** Used by the stream decoder: puts a field of any {@link FieldType} value (already copied). */
    public Section putDecoded(String field, Object v) throws StateException {
        FieldType.of(v);
        if (fields.containsKey(field)) throw new StateException("section " + label() + ": field " + field + " appears twice");
        fields.put(field, v);
        return this;
    }

    // ---- reading ----------------------------------------------------------------------------

    private Object get(String field, FieldType type) throws StateException {
        Object v = fields.get(field);
        if (v == null) throw new StateException("section " + label() + ": field " + field + " is missing");
        if (FieldType.of(v) != type) {
            throw new StateException("section " + label() + ": field " + field + " is " + FieldType.of(v) + ", expected " + type);
        }
        return v;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public boolean bool(String field) throws StateException {
        return (Boolean) get(field, FieldType.BOOL);
    }

    public int i32(String field) throws StateException {
        return (Integer) get(field, FieldType.INT);
    }

    public long i64(String field) throws StateException {
        return (Long) get(field, FieldType.LONG);
    }

    public String str(String field) throws StateException {
        return (String) get(field, FieldType.STRING);
    }

    public byte[] bytes(String field) throws StateException {
        return ((byte[]) get(field, FieldType.BYTES)).clone();
    }

    public int[] ints(String field) throws StateException {
        return ((int[]) get(field, FieldType.INTS)).clone();
    }

    public long[] longs(String field) throws StateException {
        return ((long[]) get(field, FieldType.LONGS)).clone();
    }

    /** An int range check for loaders: the value of {@code field} within lo..hi. */
    public int i32(String field, int lo, int hi) throws StateException {
        int v = i32(field);
        if (v < lo || v > hi) throw new StateException("section " + label() + ": field " + field + " = " + v + " is outside " + lo + ".." + hi);
        return v;
    }

    /** Copies {@code field} into {@code dest}, which must have exactly its length. */
    public void longsInto(String field, long[] dest) throws StateException {
        long[] v = (long[]) get(field, FieldType.LONGS);
        if (v.length != dest.length) {
            throw new StateException("section " + label() + ": field " + field + " has " + v.length + " values, expected " + dest.length);
        }
        System.arraycopy(v, 0, dest, 0, v.length);
    }

    /** Copies {@code field} into {@code dest}, which must have exactly its length. */
    public void intsInto(String field, int[] dest) throws StateException {
        int[] v = (int[]) get(field, FieldType.INTS);
        if (v.length != dest.length) {
            throw new StateException("section " + label() + ": field " + field + " has " + v.length + " values, expected " + dest.length);
        }
        System.arraycopy(v, 0, dest, 0, v.length);
    }

    /** Copies {@code field} into {@code dest}, which must have exactly its length. */
    public void bytesInto(String field, byte[] dest) throws StateException {
        byte[] v = (byte[]) get(field, FieldType.BYTES);
        if (v.length != dest.length) {
            throw new StateException("section " + label() + ": field " + field + " has " + v.length + " bytes, expected " + dest.length);
        }
        System.arraycopy(v, 0, dest, 0, v.length);
    }

    /** The subsection of that name, or null when it was not sent. */
    public Section subsection(String sub) {
        for (Section s : subsections) {
            if (s.name.equals(sub)) return s;
        }
        return null;
    }

    /** Field names in order, for the codec and the inspector. */
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /** The raw value of a field (shared, not copied: for the codec and the inspector only). */
    public Object rawValue(String field) {
        return fields.get(field);
    }

    public List<Section> subsections() {
        return Collections.unmodifiableList(subsections);
    }

    // ---- comparing --------------------------------------------------------------------------

    /**
     * Every difference between this section and {@code o}, one line each, with the path of the
     * field ("cpu[1].compat.pvr: 0x4d0200 != absent"); empty when equal. Fields whose path
     * matches {@code ignore} are skipped.
     */
    public List<String> diff(Section o, java.util.function.Predicate<String> ignore) {
        List<String> out = new ArrayList<>();
        diff(o, label(), ignore, out);
        return out;
    }

    public List<String> diff(Section o) {
        return diff(o, p -> false);
    }

    private void diff(Section o, String path, java.util.function.Predicate<String> ignore, List<String> out) {
        if (version != o.version) out.add(path + ": version " + version + " != " + o.version);
        LinkedHashMap<String, Object> all = new LinkedHashMap<>(fields);
        for (Map.Entry<String, Object> e : o.fields.entrySet()) all.putIfAbsent(e.getKey(), e.getValue());
        for (String f : all.keySet()) {
            String p = path + "." + f;
            if (ignore.test(p)) continue;
            Object a = fields.get(f), b = o.fields.get(f);
            if (!valueEquals(a, b)) out.add(p + ": " + describe(a, b) + " != " + describe(b, a));
        }
        List<String> subs = new ArrayList<>();
        for (Section s : subsections) subs.add(s.name);
        for (Section s : o.subsections) {
            if (!subs.contains(s.name)) subs.add(s.name);
        }
        for (String n : subs) {
            String p = path + "." + n;
            if (ignore.test(p)) continue;
            Section a = subsection(n), b = o.subsection(n);
            if (a == null || b == null) out.add(p + ": " + (a == null ? "absent" : "present") + " != " + (b == null ? "absent" : "present"));
            else a.diff(b, p, ignore, out);
        }
    }

    private static boolean valueEquals(Object a, Object b) {
        if (a == null || b == null) return a == b;
        return Objects.deepEquals(a, b);
    }

    /** A value for a diff line; arrays name their first differing element against {@code other}. */
    private static String describe(Object v, Object other) {
        if (v == null) return "absent";
        return switch (v) {
            case Long l -> "0x" + Long.toHexString(l);
            case Integer i -> "0x" + Integer.toHexString(i);
            case String s -> '"' + s + '"';
            case long[] a -> arrayAt(a.length, other instanceof long[] b ? firstDiff(a, b) : 0, i -> "0x" + Long.toHexString(a[i]));
            case int[] a -> arrayAt(a.length, other instanceof int[] b ? firstDiff(a, b) : 0, i -> "0x" + Integer.toHexString(a[i]));
            case byte[] a -> arrayAt(a.length, other instanceof byte[] b ? Arrays.mismatch(a, b) : 0, i -> "0x" + Integer.toHexString(a[i] & 0xff));
            default -> String.valueOf(v);
        };
    }

    private static int firstDiff(long[] a, long[] b) {
        return Arrays.mismatch(a, b);
    }

    private static int firstDiff(int[] a, int[] b) {
        return Arrays.mismatch(a, b);
    }

    private static String arrayAt(int length, int i, java.util.function.IntFunction<String> element) {
        if (i < 0 || i >= length) return "[" + length + "]";
        return "[" + length + "] with [" + i + "] = " + element.apply(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Section s && name.equals(s.name) && instance == s.instance && diff(s).isEmpty();
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, instance, version, fields.keySet());
    }

    @Override
    public String toString() {
        return "Section " + label() + " v" + version + " " + fields.keySet() + (subsections.isEmpty() ? "" : " +" + subsections.size());
    }
}
