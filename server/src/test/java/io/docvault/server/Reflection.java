package io.docvault.server;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a server lists through gRPC server reflection. */
final class Reflection {

    private Reflection() {
    }

    /** The full names of the services the server behind {@code channel} lists. */
    static List<String> services(Channel channel) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<ServerReflectionResponse> reply = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        reply.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        reply.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        try {
            return reply.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(ServiceResponse::getName).toList();
        } finally {
            requests.onCompleted();
        }
    }
}
