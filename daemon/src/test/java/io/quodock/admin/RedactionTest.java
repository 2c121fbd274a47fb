package io.quodock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void optionsThatNameSecretsAreHiddenAndOthersShown() {
        Map<String, String> shown = Redaction.options(Map.of(
                "user", "nobody", "tenant_id", "t1", "api_password", "hunter2", "Token", "abc", "client_secret", "s"));

        assertEquals(Map.of("user", "nobody", "tenant_id", "t1", "api_password", Redaction.HIDDEN,
                "Token", Redaction.HIDDEN, "client_secret", Redaction.HIDDEN), shown);
    }
}
