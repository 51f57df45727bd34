package io.docvault.query.document.grpc;

import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.common.eventstore.chain.HistoryVerification;
import io.docvault.common.eventstore.chain.HistoryVerifier;
import io.docvault.common.grpc.GrpcErrorMapper;
import io.docvault.common.grpc.RequestChecks;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.BrokenLink;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.GetProjectionStatusResponse;
import io.docvault.proto.v1.ProjectionStatus;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.VerifyHistoryRequest;
import io.docvault.proto.v1.VerifyHistoryResponse;
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

    private static final int DEFAULT_MAX_BROKEN = 100;

    private final ReadModelRebuild rebuild;
    private final HistoryVerifier verifier;

    public AdminGrpcService(ReadModelRebuild rebuild, HistoryVerifier verifier) {
        this.rebuild = rebuild;
        this.verifier = verifier;
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

    @Override
    public void verifyHistory(VerifyHistoryRequest request, StreamObserver<VerifyHistoryResponse> response) {
        RequestChecks checks = new RequestChecks();
        String documentId = request.getDocumentId().isEmpty() ? null : checks.uuid("document_id", request.getDocumentId());
        if (request.getMaxBroken() < 0) {
            checks.violation("max_broken", "must not be negative");
        }
        checks.throwIfAny();
        HistoryVerification verification = documentId == null
                ? verifier.verifyAll(request.getMaxBroken() == 0 ? DEFAULT_MAX_BROKEN : request.getMaxBroken())
                : verifier.verifyDocument(documentId);
        if (documentId != null && verification.eventsChecked() == 0) {
            throw new DocumentNotFoundException(documentId);
        }
        VerifyHistoryResponse.Builder reply = VerifyHistoryResponse.newBuilder()
                .setIntact(verification.intact())
                .setDocumentsChecked(verification.documentsChecked())
                .setEventsChecked(verification.eventsChecked())
                .setHeadLink(verification.headLink());
        verification.brokenLinks().forEach(link -> reply.addBrokenLinks(BrokenLink.newBuilder()
                .setDocumentId(link.documentId()).setVersion(link.version()).setReason(link.reason())));
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
