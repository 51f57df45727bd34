package io.docvault.cli;

import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.GetProjectionStatusResponse;
import io.docvault.proto.v1.ProjectionStatus;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show each event processor's position in the event store and its lag.")
final class StatusCommand extends ClientCommand {

    @Override
    void run(DocVaultClient client) {
        GetProjectionStatusResponse status = client.projectionStatus();
        if (json()) {
            printJson(status);
            return;
        }
        Table table = new Table("PROCESSOR", "GENERATION", "POSITION", "HEAD", "LAG", "RUNNING", "REPLAYING", "SEGMENTS");
        for (ProjectionStatus projection : status.getProjectionsList()) {
            table.row(projection.getName(), projection.getGeneration(), projection.getPosition(), projection.getHead(),
                    projection.getLag(), projection.getRunning() ? "yes" : "no", projection.getReplaying() ? "yes" : "no",
                    projection.getSegments());
        }
        table.print(out());
    }
}
