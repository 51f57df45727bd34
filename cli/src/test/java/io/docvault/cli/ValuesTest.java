package io.docvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ValuesTest {

    @Test
    @DisplayName("statuses and change kinds are read by short or full name, in any case, and printed short")
    void enums() {
        assertThat(new Values.StatusConverter().convert("Published")).isEqualTo(DocumentStatus.DOCUMENT_STATUS_PUBLISHED);
        assertThat(new Values.StatusConverter().convert("DOCUMENT_STATUS_DRAFT")).isEqualTo(DocumentStatus.DOCUMENT_STATUS_DRAFT);
        assertThat(new Values.ChangeKindConverter().convert("restored")).isEqualTo(ChangeKind.CHANGE_KIND_RESTORED);
        assertThat(Values.status(DocumentStatus.DOCUMENT_STATUS_ARCHIVED)).isEqualTo("archived");
        assertThat(Values.change(ChangeKind.CHANGE_KIND_REVERTED)).isEqualTo("reverted");
    }

    @Test
    @DisplayName("an unknown or unspecified enum word is refused with the accepted words")
    void unknownEnum() {
        assertThatThrownBy(() -> new Values.StatusConverter().convert("finished"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("draft, published, archived");
        assertThatThrownBy(() -> new Values.StatusConverter().convert("unspecified"))
                .isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> new Values.ChangeKindConverter().convert("unrecognized"))
                .isInstanceOf(TypeConversionException.class);
    }

    @Test
    @DisplayName("instants are ISO-8601 on the way in and UTC to the millisecond on the way out")
    void instants() {
        Timestamp parsed = new Values.TimestampConverter().convert("2026-11-22T10:00:00.123456Z");
        assertThat(parsed.getSeconds()).isEqualTo(1795341600L);
        assertThat(parsed.getNanos()).isEqualTo(123_456_000);
        assertThat(Values.time(parsed)).isEqualTo("2026-11-22T10:00:00.123Z");
        assertThat(Values.time(Timestamp.getDefaultInstance())).isEmpty();
        assertThatThrownBy(() -> new Values.TimestampConverter().convert("yesterday"))
                .isInstanceOf(TypeConversionException.class);
    }

    @Test
    @DisplayName("the replay bar fills with the share of events done and is full once done")
    void replayBar() {
        ReplayProgress half = ReplayProgress.newBuilder().setPhase(ReplayPhase.REPLAY_PHASE_REBUILDING)
                .setEventsDone(50).setEventsTotal(100).setEventsPerSecond(12.5).build();
        assertThat(ReplayCommand.bar(half))
                .isEqualTo("[###############---------------]  50%  50/100 events  12.5 events/s  rebuilding");
        ReplayProgress emptyStoreDone = ReplayProgress.newBuilder().setPhase(ReplayPhase.REPLAY_PHASE_DONE).build();
        assertThat(ReplayCommand.bar(emptyStoreDone)).startsWith("[##############################] 100%");
        ReplayProgress emptyStoreStarting = ReplayProgress.newBuilder().setPhase(ReplayPhase.REPLAY_PHASE_REBUILDING).build();
        assertThat(ReplayCommand.bar(emptyStoreStarting)).startsWith("[------------------------------]   0%");
    }
}
