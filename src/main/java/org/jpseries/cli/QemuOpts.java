package org.jpseries.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * QEMU's KEY=VALUE,... option syntax (util/qemu-option.c opts_do_parse, util/keyval.c): items
 * split at commas, ",," a literal comma inside a value, a bare item KEY meaning KEY=on (QEMU
 * warns it is deprecated), or, where the option has one, the implied key's value.
 */
final class QemuOpts {
    private QemuOpts() {}

    /** The items in order (a key may repeat: the last one counts). {@code impliedKey} names a bare first item, or null. */
    static List<Map.Entry<String, String>> parse(String v, String impliedKey) {
        List<Map.Entry<String, String>> items = new ArrayList<>();
        int i = 0, n = v.length();
        boolean first = true;
        while (i < n) {
            StringBuilder key = new StringBuilder();
            while (i < n && v.charAt(i) != '=' && v.charAt(i) != ',') key.append(v.charAt(i++));
            if (i < n && v.charAt(i) == '=') {
                i++;
                items.add(Map.entry(key.toString(), value(v, i)));
                i = skipValue(v, i);
            } else if (first && impliedKey != null) {
                i -= key.length();
                items.add(Map.entry(impliedKey, value(v, i)));
                i = skipValue(v, i);
            } else {
                items.add(Map.entry(key.toString(), "on"));
            }
            first = false;
            if (i < n && v.charAt(i) == ',') i++;
        }
        return items;
    }

    /** The value starting at {@code i}, up to a single comma, with ",," read as ",". */
    private static String value(String v, int i) {
        StringBuilder s = new StringBuilder();
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == ',') {
                if (i + 1 < v.length() && v.charAt(i + 1) == ',') {
                    s.append(',');
                    i += 2;
                    continue;
                }
                break;
            }
            s.append(c);
            i++;
        }
        return s.toString();
    }

    private static int skipValue(String v, int i) {
        while (i < v.length()) {
            if (v.charAt(i) == ',') {
                if (i + 1 < v.length() && v.charAt(i + 1) == ',') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return i;
    }

    /** QEMU's boolean words (qapi/qapi-util.c qapi_bool_parse), or null for anything else. */
    static Boolean bool(String v) {
        return switch (v) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> null;
        };
    }

    /**
     * QEMU's identifier rule for ids and node names (util/id.c id_wellformed): a letter, then
     * letters, digits, '-', '.', '_'.
     */
    static boolean wellFormed(String id) {
        if (id.isEmpty() || !isAsciiLetter(id.charAt(0))) return false;
        for (int k = 1; k < id.length(); k++) {
            char c = id.charAt(k);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_') return false;
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
