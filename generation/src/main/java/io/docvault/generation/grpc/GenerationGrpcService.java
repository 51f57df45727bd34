package io.docvault.generation.grpc;

import com.google.protobuf.ByteString;
import io.docvault.common.grpc.ServiceHealth;
import io.docvault.generation.application.DocumentGenerations;
import io.docvault.generation.application.GenerationOutcome;
import io.docvault.generation.application.GenerationQueue;
import io.docvault.generation.application.GenerationRequest;
import io.docvault.generation.engine.ConverterUnavailableException;
import io.docvault.generation.engine.RenderOptions;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerateDocumentResponse;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.docvault.proto.v1.OutputFormat;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code docvault.v1.GenerationService}: translates the request, runs the generation on the bounded
 * queue (in the caller's gRPC context, so its deadline and actor reach the document services) and
 * translates the outcome back. Failures are thrown and mapped by the one error mapper.
 */
public final class GenerationGrpcService extends GenerationServiceGrpc.GenerationServiceImplBase
        implements ServiceHealth {

    private final DocumentGenerations generations;
    private final GenerationQueue queue;
    private final BooleanSupplier converterAvailable;
    private final Consumer<Boolean> healthChanged;

    /**
     * @param converterAvailable whether LibreOffice is there (health and early UNAVAILABLE)
     * @param healthChanged told when the converter turned out to be unavailable after all
     */
    public GenerationGrpcService(DocumentGenerations generations, GenerationQueue queue,
                                 BooleanSupplier converterAvailable, Consumer<Boolean> healthChanged) {
        this.generations = generations;
        this.queue = queue;
        this.converterAvailable = converterAvailable;
        this.healthChanged = healthChanged;
    }

    @Override
    public boolean serving() {
        return converterAvailable.getAsBoolean();
    }

    @Override
    public void generateDocument(GenerateDocumentRequest request, StreamObserver<GenerateDocumentResponse> response) {
        if (!serving()) {
            throw new ConverterUnavailableException("document generation is disabled on this server (LibreOffice is not available)");
        }
        GenerationRequest generation = toRequest(request);
        GenerationOutcome outcome;
        try {
            outcome = queue.run(Context.current().wrap(() -> generations.generate(generation)));
        } catch (ConverterUnavailableException e) {
            healthChanged.accept(serving());
            throw e;
        }
        response.onNext(toResponse(request, outcome));
        response.onCompleted();
    }

    /** The request as the use case takes it; the data digest is taken over the Struct as sent. */
    public static GenerationRequest toRequest(GenerateDocumentRequest request) {
        return new GenerationRequest(
                request.getTemplateId(),
                request.getTemplateVersion(),
                StructData.toMap(request.getData()),
                StructData.sha256(request.getData()),
                new RenderOptions(request.getOptions().getPreviews(), request.getOptions().getPreviewDpi(),
                        request.getOptions().getStampImage().toByteArray()),
                request.getTitle(),
                request.getRequestId());
    }

    /** The outcome as the wire carries it: the formats asked for, previews if asked, where it was stored. */
    public static GenerateDocumentResponse toResponse(GenerateDocumentRequest request, GenerationOutcome outcome) {
        List<OutputFormat> formats = request.getOptions().getFormatsList();
        boolean pdf = formats.isEmpty() || formats.contains(OutputFormat.OUTPUT_FORMAT_PDF)
                || formats.stream().allMatch(f -> f == OutputFormat.OUTPUT_FORMAT_UNSPECIFIED);
        boolean docx = formats.contains(OutputFormat.OUTPUT_FORMAT_DOCX);
        GenerateDocumentResponse.Builder builder = GenerateDocumentResponse.newBuilder()
                .setPageCount(outcome.files().pageCount())
                .setTemplateId(outcome.template().documentId())
                .setTemplateVersion(outcome.template().version())
                .setDataSha256(StructData.sha256(request.getData()));
        outcome.stored().ifPresent(stored -> builder.setDocumentId(stored.documentId()).setVersion(stored.version()));
        if (pdf) {
            builder.setPdf(ByteString.copyFrom(outcome.files().pdf()));
        }
        if (docx) {
            builder.setDocx(ByteString.copyFrom(outcome.files().docx()));
        }
        outcome.files().previews().forEach(png -> builder.addPreviews(ByteString.copyFrom(png)));
        return builder.build();
    }
}
