package io.docvault.bench;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A large event store and what the read model does with it: seeding, the live catch-up, a rebuild. */
final class ReadModelLoad {

    /** Seeding copies the streams of this many documents of this many versions. */
    private static final int TEMPLATE_DOCUMENTS = 100;
    private static final int TEMPLATE_VERSIONS = 10;

    private ReadModelLoad() {
    }

    /**
     * Fills the store to {@code events}: real streams made through the service, then copied in SQL under
     * new document ids (seeding millions of events through the API would take hours). Returns the count.
     */
    static long seed(DocumentCommandServiceBlockingStub commands, BenchDatabase database, long events, PrintStream out)
            throws Exception {
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < TEMPLATE_DOCUMENTS; i++) {
            templates.add(AggregateLoadBenchmark.seed(commands, TEMPLATE_VERSIONS));
        }
        out.printf("seeding the event store to %,d events: copies of %d documents of %d versions%n", events,
                TEMPLATE_DOCUMENTS, TEMPLATE_VERSIONS);
        long started = System.nanoTime();
        long stored = database.copyEventStreams(templates, events, 200_000, out);
        out.printf("  seeded in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return stored;
    }

    /**
     * Waits until the live read model holds a version for every stored event (one version row per event)
     * and returns the rate at which it got there; progress every 10 s.
     */
    static Measurement catchUp(BenchDatabase database, long events, PrintStream out) throws Exception {
        long startRows = database.queryLong("SELECT count(*) FROM document_version");
        long started = System.nanoTime();
        long lastReport = started;
        long rowsNow = startRows;
        long lastProgress = started;
        while (rowsNow < events) {
            TimeUnit.SECONDS.sleep(2);
            long previous = rowsNow;
            rowsNow = database.queryLong("SELECT count(*) FROM document_version");
            long now = System.nanoTime();
            if (rowsNow > previous) {
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.MINUTES.toNanos(2)) {
                throw new IllegalStateException("the read model stopped at " + rowsNow + " of " + events
                        + " versions for two minutes; see the server's log");
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                out.printf("  read model: %,d of %,d versions (%,.0f/s)%n", rowsNow, events,
                        (rowsNow - startRows) / ((now - started) / 1e9));
                lastReport = now;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = (rowsNow - startRows) / seconds;
        out.printf("  the live projection caught up in %.1f s: %,.0f events/s%n", seconds, rate);
        return new Measurement(rate, Double.NaN, Double.NaN, Double.NaN);
    }

    /** AdminService/ReplayProjections over every stored event, timed from the request to DONE; events/s. */
    static double rebuild(ServerProcess server, BenchDatabase database, PrintStream out) throws Exception {
        long events = database.queryLong("SELECT count(*) FROM domain_event_entry");
        long started = System.nanoTime();
        ReplayProgress last = null;
        Iterator<ReplayProgress> progress = AdminServiceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(2, TimeUnit.HOURS)
                .replayProjections(ReplayProjectionsRequest.newBuilder().setProgressIntervalSeconds(10).build());
        while (progress.hasNext()) {
            last = progress.next();
            if (last.getPhase() == ReplayPhase.REPLAY_PHASE_DONE) {
                break;
            }
            out.printf("  rebuild: %,d of %,d events (%,.0f/s)%n", last.getEventsDone(), last.getEventsTotal(),
                    last.getEventsPerSecond());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long done = last == null ? 0 : last.getEventsDone();
        double rate = done / seconds;
        out.printf("P5 rebuild: %,d events (store: %,d) in %.1f s = %,.0f events/s (server says %,.0f/s)%n", done,
                events, seconds, rate, last == null ? 0 : last.getEventsPerSecond());
        return rate;
    }
}
