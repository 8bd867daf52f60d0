package org.jpseries.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON as QEMU's QMP reads and writes it: input may use single-quoted strings (QEMU's JSON
 * extension) and may not repeat a key; output puts ": " and ", " between members, as
 * qobject_to_json does, one message per line ending in CR LF.
 */
final class QmpJson {
    private QmpJson() {}

    /** Jackson's own depth limit (1000 by default) raised to what the framing lets through, QEMU's. */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonFraming.MAX_NESTING).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** QEMU's separators: {"a": 1, "b": [1, 2]}. */
    private static final class QemuPrinter extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** One wire message: the JSON text and CR LF. */
    static String line(JsonNode n) {
        try {
            return MAPPER.writer(new QemuPrinter()).writeValueAsString(n) + "\r\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain nodes always serialises
        }
    }

    /** Parses one framed text; a syntax error becomes QEMU's "JSON parse error, ..." GenericError. */
    static JsonNode parse(byte[] text) throws QmpError {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) throw QmpError.generic("JSON parse error, expecting value");
            return n;
        } catch (JsonProcessingException e) {
            throw QmpError.generic("JSON parse error, " + describe(text, e));
        } catch (IOException e) {
            throw QmpError.generic("JSON parse error, " + e.getMessage());
        }
    }

    private static String describe(byte[] text, JsonProcessingException e) {
        String s = new String(text, java.nio.charset.StandardCharsets.UTF_8).strip();
        char c = s.isEmpty() ? 0 : s.charAt(0);
        if (Character.isLetter(c) && s.chars().allMatch(Character::isLetterOrDigit)) return "invalid keyword '" + s + "'";
        if (c == '}' || c == ']' || c == ':' || c == ',') return "expecting value"; // QEMU's parser meets no value where one starts
        String m = e.getOriginalMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
