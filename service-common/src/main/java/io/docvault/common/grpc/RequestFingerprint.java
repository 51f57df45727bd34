package io.docvault.common.grpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.docvault.api.document.ContentDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * SHA-256 over a method name and a request body, serialized deterministically (map entries sorted),
 * so two equal requests always have the same fingerprint.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /** The fingerprint of {@code body} sent to {@code method}; clear the idempotency key from the body first. */
    public static String of(String method, Message body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            bytes.write(method.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ContentDigest.sha256Hex(bytes.toByteArray());
    }
}
