package io.quodock.admin;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where values that may be secret are hidden before they leave the daemon through the
 * admin API. Create options hold no secrets today; a key that names one (password, secret, token,
 * credential) is shown as {@value #HIDDEN} should a backend ever add such an option.
 */
final class Redaction {
    static final String HIDDEN = "<redacted>";
    private static final String[] SECRET_WORDS = {"password", "secret", "token", "credential"};

    private Redaction() {
    }

    /** A copy of {@code options}, sorted by key, with secret values hidden. */
    static Map<String, String> options(Map<String, String> options) {
        Map<String, String> shown = new TreeMap<>();
        options.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : value));
        return shown;
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
