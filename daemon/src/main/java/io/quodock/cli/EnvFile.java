package io.quodock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file of {@code KEY=VALUE} lines, the format of systemd's {@code EnvironmentFile} and of the original
 * plugin's {@code /etc/quobyte/docker-quobyte.env}: blank lines and lines starting with {@code #} or
 * {@code ;} are skipped, whitespace around key and value is dropped, and one pair of matching quotes
 * around the value is removed. Error messages name the file and line but never show a value, since
 * the file holds the API password.
 */
final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {
    }

    /** The variables of {@code file}, the last one winning when a key repeats. */
    static Map<String, String> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !KEY.matcher(key).matches()) {
                throw new IOException("env file " + file + " line " + (i + 1) + " is not KEY=VALUE"
                        + " (a key is letters, digits and _): fix or remove that line");
            }
            values.put(key, unquote(line.substring(equals + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
