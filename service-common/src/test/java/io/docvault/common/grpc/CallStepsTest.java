package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallStepsTest {

    /** The call threads, as a queue of submitted steps this test runs when it chooses. */
    private final List<Runnable> submitted = new ArrayList<>();
    private final Executor callThreads = submitted::add;

    @Test
    @DisplayName("until the service closes the call its steps go to the call threads, after it they run where reported")
    void stepsAfterTheCloseRunInline() {
        Metadata headers = new Metadata();
        CallSteps steps = CallSteps.attach(callThreads, headers);
        AtomicReference<ServerCall<String, String>> seen = new AtomicReference<>();
        CallSteps.interceptor().interceptCall(new FakeCall(), headers, recording(seen));

        List<String> ran = new ArrayList<>();
        steps.execute(() -> ran.add("half-close"));
        assertThat(ran).isEmpty();
        assertThat(submitted).hasSize(1);

        seen.get().close(Status.OK, new Metadata());
        steps.execute(() -> ran.add("completion"));
        assertThat(ran).containsExactly("completion");
        assertThat(submitted).hasSize(1);
    }

    @Test
    @DisplayName("the steps do not stay in the headers the services see")
    void stepsLeaveTheHeaders() {
        Metadata headers = new Metadata();
        CallSteps.attach(callThreads, headers);
        AtomicReference<Metadata> seenHeaders = new AtomicReference<>();
        CallSteps.interceptor().interceptCall(new FakeCall(), headers, (call, h) -> {
            seenHeaders.set(h);
            return new ServerCall.Listener<>() {
            };
        });
        assertThat(seenHeaders.get().keys()).doesNotContain("docvault-internal-call-steps-bin");
    }

    @Test
    @DisplayName("a caller's header of the same name neither marks a call nor survives the executor supplier")
    void aCallersHeaderIsIgnored() {
        Metadata.Key<byte[]> sameName = Metadata.Key.of("docvault-internal-call-steps-bin", Metadata.BINARY_BYTE_MARSHALLER);
        // A call that got no steps (health checks, refused calls): the caller's value is not taken for them.
        Metadata withoutSteps = new Metadata();
        withoutSteps.put(sameName, new byte[] {1, 2, 3});
        FakeCall call = new FakeCall();
        AtomicReference<ServerCall<String, String>> seen = new AtomicReference<>();
        CallSteps.interceptor().interceptCall(call, withoutSteps, recording(seen));
        assertThat(seen.get()).isSameAs(call);

        // A call that got steps: the caller's value is replaced by them.
        Metadata withSteps = new Metadata();
        withSteps.put(sameName, new byte[] {1, 2, 3});
        CallSteps steps = CallSteps.attach(callThreads, withSteps);
        CallSteps.interceptor().interceptCall(new FakeCall(), withSteps, recording(seen));
        seen.get().close(Status.OK, new Metadata());
        List<String> ran = new ArrayList<>();
        steps.execute(() -> ran.add("completion"));
        assertThat(ran).containsExactly("completion");
        assertThat(submitted).isEmpty();
    }

    private static ServerCallHandler<String, String> recording(AtomicReference<ServerCall<String, String>> seen) {
        return (call, headers) -> {
            seen.set(call);
            return new ServerCall.Listener<>() {
            };
        };
    }

    /** The transport's side of a call, reduced to what the interceptor touches. */
    private static final class FakeCall extends ServerCall<String, String> {
        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(String message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            return null;
        }
    }
}
