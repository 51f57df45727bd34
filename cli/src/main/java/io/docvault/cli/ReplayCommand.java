package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.client.ServerStream;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", description = "Rebuild the read model from the event store, with a progress bar, until it is switched over.")
final class ReplayCommand extends ClientCommand {

    private static final int BAR_WIDTH = 30;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between progress updates (default 1).")
    int intervalSeconds;

    @Override
    void run(DocVaultClient client) {
        if (intervalSeconds < 0) {
            throw usage("--interval must not be negative");
        }
        // On a terminal the bar is redrawn in place; into a file or pipe every update is a line of its own.
        String endOfUpdate = System.console() != null ? "\r" : System.lineSeparator();
        ReplayProgress last = null;
        try (ServerStream<ReplayProgress> progress = client.replay(ReplayProjectionsRequest.newBuilder()
                .setProgressIntervalSeconds(intervalSeconds).build())) {
            while (progress.hasNext()) {
                last = progress.next();
                if (json()) {
                    printJson(last);
                } else {
                    out().print(bar(last) + endOfUpdate);
                    out().flush();
                }
            }
        }
        if (!json()) {
            if (endOfUpdate.equals("\r")) {
                out().println();
            }
            if (last != null && last.getPhase() == ReplayPhase.REPLAY_PHASE_DONE) {
                out().println("replay done: read model generation " + last.getGeneration() + ", "
                        + last.getEventsDone() + " events");
            } else {
                out().println("replay stream ended before the switch-over");
            }
            out().flush();
        }
    }

    /** E.g. {@code [###############---------------]  50%  200/400 events  1234.5 events/s  rebuilding}. */
    static String bar(ReplayProgress progress) {
        double fraction = progress.getPhase() == ReplayPhase.REPLAY_PHASE_DONE ? 1.0
                : progress.getEventsTotal() <= 0 ? 0.0
                : Math.min(1.0, (double) progress.getEventsDone() / progress.getEventsTotal());
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String phase = progress.getPhase().name().replace("REPLAY_PHASE_", "").toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d events  %.1f events/s  %s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), Math.round(fraction * 100),
                progress.getEventsDone(), progress.getEventsTotal(), progress.getEventsPerSecond(), phase);
    }
}
