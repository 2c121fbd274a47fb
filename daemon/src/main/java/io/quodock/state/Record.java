package io.quodock.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The line format of both state files: {@code <crc32c as 8 hex digits> <one line of JSON>\n}. Lines
 * stay readable with {@code cat} and {@code jq}; the checksum tells damage from a torn last write.
 */
final class Record {
    private Record() {
    }

    static byte[] encode(ObjectMapper json, JsonNode node) {
        try {
            byte[] body = json.writeValueAsBytes(node);
            CRC32C crc = new CRC32C();
            crc.update(body);
            byte[] line = new byte[9 + body.length + 1];
            byte[] hex = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(hex, 0, line, 0, 9);
            System.arraycopy(body, 0, line, 9, body.length);
            line[line.length - 1] = '\n';
            return line;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("state record cannot be written as JSON", e);
        }
    }

    /**
     * Decodes one line without its newline.
     *
     * @return the JSON, or null when the checksum or the JSON is wrong (the caller says where)
     */
    static JsonNode decode(ObjectMapper json, byte[] data, int from, int to) {
        if (to - from < 10 || data[from + 8] != ' ') {
            return null;
        }
        long expected;
        try {
            expected = Long.parseLong(new String(data, from, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(data, from + 9, to - from - 9);
        if (crc.getValue() != expected) {
            return null;
        }
        try {
            return json.readTree(data, from + 9, to - from - 9);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
