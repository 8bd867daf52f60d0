package org.jpseries.state;

/** The value types a section field can hold; the tag is what the stream writes before a field. */
public enum FieldType {
    BOOL(1), INT(2), LONG(3), STRING(4), BYTES(5), INTS(6), LONGS(7);

    public final int tag;

    FieldType(int tag) {
        this.tag = tag;
    }

    public static FieldType ofTag(int tag) {
        for (FieldType t : values()) {
            if (t.tag == tag) return t;
        }
        return null;
    }

    /** The type of a field value as {@link Section} stores it (Boolean, Integer, Long, String, byte[], int[], long[]). */
    public static FieldType of(Object v) {
        return switch (v) {
            case Boolean b -> BOOL;
            case Integer i -> INT;
            case Long l -> LONG;
            case String s -> STRING;
            case byte[] b -> BYTES;
            case int[] a -> INTS;
            case long[] a -> LONGS;
            default -> throw new IllegalArgumentException("not a state value: " + v.getClass().getName());
        };
    }
}
