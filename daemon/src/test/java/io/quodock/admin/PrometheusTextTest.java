package io.quodock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void familyHasHelpAndTypeThenSamples() {
        String text = new PrometheusText()
                .family("quodock_volumes", "gauge", "Volumes the daemon knows.")
                .sample("quodock_volumes", 3)
                .toString();

        assertEquals("# HELP quodock_volumes Volumes the daemon knows.\n# TYPE quodock_volumes gauge\nquodock_volumes 3\n", text);
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusText().sample("m", 1, "path", "a\\b \"c\"\nd", "x", "y").toString();

        assertEquals("m{path=\"a\\\\b \\\"c\\\"\\nd\",x=\"y\"} 1\n", text);
    }

    @Test
    void helpEscapesBackslashAndNewlineOnly() {
        String text = new PrometheusText().family("m", "counter", "one \\ two\n\"three\"").toString();

        assertTrue(text.startsWith("# HELP m one \\\\ two\\n\"three\"\n"), text);
    }

    @Test
    void valuesAreIntegersWhenWholeAndSpecialValuesAreSpelledOut() {
        assertEquals("42", PrometheusText.format(42.0));
        assertEquals("0.25", PrometheusText.format(0.25));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("NaN", PrometheusText.format(Double.NaN));
    }

    @Test
    void oddLabelListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().sample("m", 1, "lonely"));
    }

    @Test
    void histogramBucketsAreCumulativeWithInfAndCount() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.observe(40);        // <= 50 us
        histogram.observe(50);        // <= 50 us: bounds are inclusive
        histogram.observe(700);       // <= 1 ms
        histogram.observe(90_000_000); // beyond 60 s

        PrometheusText text = new PrometheusText();
        histogram.writeTo(text, "d", "method", "Get");
        List<String> lines = text.toString().lines().toList();

        assertEquals("d_bucket{method=\"Get\",le=\"0.00005\"} 2", lines.get(0));
        assertEquals("d_bucket{method=\"Get\",le=\"0.0005\"} 2", lines.get(3));
        assertEquals("d_bucket{method=\"Get\",le=\"0.001\"} 3", lines.get(4));
        assertEquals("d_bucket{method=\"Get\",le=\"60\"} 3", lines.get(LatencyHistogram.BOUNDS_MICROS.length - 1));
        assertEquals("d_bucket{method=\"Get\",le=\"+Inf\"} 4", lines.get(LatencyHistogram.BOUNDS_MICROS.length));
        assertEquals("d_sum{method=\"Get\"} 90.00079", lines.get(lines.size() - 2));
        assertEquals("d_count{method=\"Get\"} 4", lines.get(lines.size() - 1));
    }
}
