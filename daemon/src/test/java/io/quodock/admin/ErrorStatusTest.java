package io.quodock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quodock.driver.DriverException.Kind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {

    @Test
    void everyDriverFailureKindHasItsFittingStatus() {
        Map<Kind, Integer> statuses = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            statuses.put(kind, AdminHandler.status(kind));
        }

        assertEquals(Map.of(Kind.INVALID, 400, Kind.NOT_FOUND, 404, Kind.IN_USE, 409, Kind.BACKEND, 502,
                Kind.TIMEOUT, 504, Kind.STATE, 500), statuses);
    }
}
