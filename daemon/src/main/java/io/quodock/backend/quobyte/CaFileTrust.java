package io.quodock.backend.quobyte;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds the TLS client settings that trust exactly the CA certificates of a PEM file, for a Quobyte API whose
 * certificate is not signed by a CA in the JVM's trust store. Host names are still verified.
 */
final class CaFileTrust {

    private CaFileTrust() {
    }

    /**
     * @throws IllegalStateException if the file cannot be read or holds no certificate; the message names the file
     */
    static SslContextFactory.Client sslContextFactory(Path pemFile) {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setTrustStore(trustStore(pemFile));
        return factory;
    }

    private static KeyStore trustStore(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("CA file " + pemFile
                        + " holds no certificate: give a PEM file with -----BEGIN CERTIFICATE----- blocks");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("quobyte-ca-" + index++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("CA file " + pemFile + " cannot be read: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("CA file " + pemFile + " is not a PEM certificate file: " + e.getMessage(),
                    e);
        }
    }
}
