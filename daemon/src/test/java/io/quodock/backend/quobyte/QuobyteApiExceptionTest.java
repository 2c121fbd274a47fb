package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quodock.backend.quobyte.QuobyteApiException.Kind;

class QuobyteApiExceptionTest {

    @Test
    void existsAlreadyIsRecognisedWithAndWithoutThePosixPart() {
        assertTrue(rpc("ENTITY_EXISTS_ALREADY/POSIX_ERROR_NONE: Volume name v is already used by volume u / ")
                .isEntityExistsAlready());
        assertTrue(rpc("ENTITY_EXISTS_ALREADY: Volume name v is already used by volume u").isEntityExistsAlready());
    }

    @Test
    void anErrorNameInsideTheTextDoesNotCountWhenTheMessageStartsWithAnother() {
        QuobyteApiException e =
                rpc("ENTITY_NOT_FOUND/POSIX_ERROR_NONE: Volume 'ENTITY_EXISTS_ALREADY' does not exist.");

        assertTrue(e.isEntityNotFound());
        assertFalse(e.isEntityExistsAlready());
    }

    @Test
    void anErrorNameAfterAnUnforeseenPrefixStillCounts() {
        assertTrue(rpc("method: createVolume error message: ENTITY_EXISTS_ALREADY: Volume name v is already used")
                .isEntityExistsAlready());
        assertFalse(rpc("method: createVolume error message: NOT_ENTITY_EXISTS_ALREADY_X").isEntityExistsAlready());
    }

    @Test
    void onlyRpcErrorsCarryQuobyteErrorNames() {
        QuobyteApiException timeout =
                QuobyteApiException.failure(Kind.TIMEOUT, "createVolume", "ENTITY_EXISTS_ALREADY: no", null);

        assertFalse(timeout.isEntityExistsAlready());
    }

    private static QuobyteApiException rpc(String message) {
        return QuobyteApiException.rpcError("createVolume", 3, message);
    }
}
