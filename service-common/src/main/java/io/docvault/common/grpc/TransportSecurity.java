package io.docvault.common.grpc;

import io.docvault.common.config.DocVaultProperties;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of the gRPC port: plaintext, TLS from PEM files, or TLS that requires a client
 * certificate signed by a configured CA (mTLS).
 */
final class TransportSecurity {

    private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);

    private TransportSecurity() {
    }

    static ServerCredentials serverCredentials(DocVaultProperties.Tls tls) {
        boolean clientAuth = DocVaultProperties.Tls.isSet(tls.clientCaFile());
        if (!tls.enabled()) {
            if (clientAuth) {
                throw new IllegalStateException("DOCVAULT_TLS_CLIENT_CA_FILE needs DOCVAULT_TLS_CERT_FILE and "
                        + "DOCVAULT_TLS_KEY_FILE: client certificates are checked only over TLS");
            }
            log.info("gRPC port without TLS (plaintext)");
            return InsecureServerCredentials.create();
        }
        if (!DocVaultProperties.Tls.isSet(tls.certFile()) || !DocVaultProperties.Tls.isSet(tls.keyFile())) {
            throw new IllegalStateException("TLS needs both DOCVAULT_TLS_CERT_FILE and DOCVAULT_TLS_KEY_FILE");
        }
        try {
            TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
                    .keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
            if (clientAuth) {
                builder.trustManager(tls.clientCaFile().toFile())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            log.info("gRPC port with TLS (certificate {}){}", tls.certFile(),
                    clientAuth ? ", client certificates signed by " + tls.clientCaFile() + " required" : "");
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate, key or client CA file", e);
        }
    }
}
