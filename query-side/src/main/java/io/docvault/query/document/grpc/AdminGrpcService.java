package io.docvault.query.document.grpc;

import io.docvault.common.grpc.GrpcErrorMapper;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.GetProjectionStatusResponse;
import io.docvault.proto.v1.ProjectionStatus;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.query.document.rebuild.ProcessorStatus;
import io.docvault.query.document.rebuild.ReadModelRebuild;
import io.docvault.query.document.rebuild.RebuildProgress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;

/**
 * docvault.v1.AdminService. A rebuild runs to its end even if the caller goes away (an operator's
 * decision should not depend on a connection); its progress is simply no longer sent.
 */
public class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

    private final ReadModelRebuild rebuild;

    public AdminGrpcService(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Override
    public void replayProjections(ReplayProjectionsRequest request, StreamObserver<ReplayProgress> response) {
        ServerCallStreamObserver<ReplayProgress> call = (ServerCallStreamObserver<ReplayProgress>) response;
        Duration interval = Duration.ofSeconds(Math.max(1, request.getProgressIntervalSeconds()));
        try {
            rebuild.run(interval, progress -> {
                if (!call.isCancelled()) {
                    call.onNext(toProto(progress));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding the read model", e);
        }
        if (!call.isCancelled()) {
            call.onCompleted();
        }
    }

    @Override
    public void getProjectionStatus(GetProjectionStatusRequest request,
                                    StreamObserver<GetProjectionStatusResponse> response) {
        GetProjectionStatusResponse.Builder reply = GetProjectionStatusResponse.newBuilder();
        for (ProcessorStatus status : rebuild.status()) {
            reply.addProjections(ProjectionStatus.newBuilder()
                    .setName(status.name())
                    .setGeneration(status.generation())
                    .setPosition(status.position())
                    .setHead(status.head())
                    .setLag(status.lag())
                    .setRunning(status.running())
                    .setReplaying(status.replaying())
                    .setSegments(status.segments()));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    private static ReplayProgress toProto(RebuildProgress progress) {
        return ReplayProgress.newBuilder()
                .setPhase(switch (progress.phase()) {
                    case REBUILDING -> ReplayPhase.REPLAY_PHASE_REBUILDING;
                    case SWITCHING -> ReplayPhase.REPLAY_PHASE_SWITCHING;
                    case DONE -> ReplayPhase.REPLAY_PHASE_DONE;
                })
                .setEventsDone(progress.eventsDone())
                .setEventsTotal(progress.eventsTotal())
                .setEventsPerSecond(progress.eventsPerSecond())
                .setGeneration(progress.generation())
                .build();
    }
}
