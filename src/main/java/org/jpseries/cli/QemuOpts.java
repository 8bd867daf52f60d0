package org.jpseries.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An option argument in QEMU's two spellings (util/qemu-option.c and util/keyval.c): the dotted
 * list {@code [IMPLIED,]key=value,...} where ",," is a literal comma and the first bare word is
 * the value of the implied key (-device's driver, -netdev's type), or a JSON object as libvirt
 * writes it ({@code {"driver":"virtio-blk-pci","drive":"d0"}}), whose scalar values become their
 * text. Order is kept; a repeated key is QEMU's error.
 */
final class QemuOpts {
    private QemuOpts() {}

    /**
     * @param implied the key a leading bare word sets, or null when every part needs "="
     * @param where   the option and its argument, for messages ("-device virtio-rng-pci,x")
     */
    static Map<String, String> parse(String arg, String implied, String where) throws UsageException {
        return arg.startsWith("{") ? json(arg, where) : dotted(arg, implied, where);
    }

    private static Map<String, String> dotted(String arg, String implied, String where) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0, n = arg.length();
        boolean first = true;
        while (i <= n) {
            StringBuilder part = new StringBuilder();
            for (; i < n; i++) {
                char c = arg.charAt(i);
                if (c == ',') {
                    if (i + 1 < n && arg.charAt(i + 1) == ',') {
                        part.append(',');
                        i++;
                        continue;
                    }
                    break;
                }
                part.append(c);
            }
            i++;
            String p = part.toString();
            int eq = p.indexOf('=');
            String key, value;
            if (eq < 0 && first && implied != null) {
                key = implied;
                value = p;
            } else if (eq < 0) {
                if (p.isEmpty() && i > n) break; // a trailing comma
                throw new UsageException(where + ": Invalid parameter '" + p + "'");
            } else {
                key = p.substring(0, eq);
                value = p.substring(eq + 1);
            }
            first = false;
            if (out.putIfAbsent(key, value) != null) throw new UsageException(where + ": Parameter '" + key + "' is set more than once");
        }
        return out;
    }

    private static Map<String, String> json(String arg, String where) throws UsageException {
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(arg);
        } catch (JsonProcessingException e) {
            throw new UsageException(where + ": JSON parse error, " + e.getOriginalMessage());
        }
        if (j == null || !j.isObject()) throw new UsageException(where + ": the JSON argument must be an object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode() || v.isNull()) throw new UsageException(where + ": Parameter '" + e.getKey() + "' expects a scalar value");
            out.put(e.getKey(), v.asText());
        }
        return out;
    }
}
