package io.quodock.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses a scrape with the Prometheus project's own Python client parser (Debian's
 * python3-prometheus-client), so the exposition is judged by an implementation that is not ours.
 */
public final class PrometheusParser {
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        print('%s{%s} %r' % (s.name, labels, s.value))");

    private PrometheusParser() {
    }

    /**
     * Every sample as {@code name{label="value",...}} (labels sorted) to its value.
     *
     * @throws AssertionError if the parser rejects the text
     */
    public static Map<String, Double> samples(String exposition) throws IOException, InterruptedException {
        Path input = Files.createTempFile("qd-scrape-", ".txt");
        try {
            Files.writeString(input, exposition);
            Process parser = new ProcessBuilder(List.of("/usr/bin/python3", "-c", SCRIPT))
                    .redirectInput(input.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!parser.waitFor(30, TimeUnit.SECONDS) || parser.exitValue() != 0) {
                throw new AssertionError("Prometheus' parser rejected the exposition:\n" + output + "\n--- text ---\n" + exposition);
            }
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                if (!line.isBlank()) {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
            return samples;
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
