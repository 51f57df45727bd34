package io.docvault.query.document.infrastructure;

import io.docvault.query.document.projection.DocumentViewsProjection;
import io.docvault.query.document.rebuild.ProcessorStatus;
import io.docvault.query.document.rebuild.ReadModelRebuild;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The event processors' progress as gauges, from the same status AdminService.GetProjectionStatus
 * reports: {@code docvault.processor.position}, {@code docvault.processor.lag} and
 * {@code docvault.processor.running} per processor (the live {@code document-views} and, while a
 * rebuild runs, {@code document-views-rebuild}; NaN while a processor does not exist), and
 * {@code docvault.eventstore.head}. One status read (a few queries) serves every gauge of a scrape.
 */
final class ProcessorMeters implements MeterBinder {

    private static final long FRESH_NANOS = 1_000_000_000L;
    private static final List<String> PROCESSORS =
            List.of(DocumentViewsProjection.PROCESSING_GROUP, ReadModelRebuild.REBUILD_PROCESSOR);

    private final Supplier<List<ProcessorStatus>> source;
    private volatile Snapshot snapshot;

    ProcessorMeters(Supplier<List<ProcessorStatus>> source) {
        this.source = source;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : PROCESSORS) {
            gauge(registry, "docvault.processor.position", processor, ProcessorStatus::position,
                    "lowest event-store position over the processor's segments (-1 before the first event)");
            gauge(registry, "docvault.processor.lag", processor, ProcessorStatus::lag,
                    "events in the store the processor has not reached yet");
            gauge(registry, "docvault.processor.running", processor, s -> s.running() ? 1 : 0,
                    "1 while the processor runs");
        }
        Gauge.builder("docvault.eventstore.head", this,
                        meters -> meters.statuses().stream().mapToDouble(ProcessorStatus::head).max().orElse(Double.NaN))
                .description("position of the newest event in the event store")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String processor, ToDoubleFunction<ProcessorStatus> value,
                       String description) {
        Gauge.builder(name, this, meters -> meters.statuses().stream()
                        .filter(s -> s.name().equals(processor))
                        .mapToDouble(value)
                        .findFirst()
                        .orElse(Double.NaN))
                .tag("processor", processor)
                .description(description)
                .register(registry);
    }

    private List<ProcessorStatus> statuses() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.takenAt() > FRESH_NANOS) {
            current = new Snapshot(now, source.get());
            snapshot = current;
        }
        return current.statuses();
    }

    private record Snapshot(long takenAt, List<ProcessorStatus> statuses) {
    }
}
