package io.docvault.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class RecordCommandTargetsTest {

    private final RecordCommandTargets targets = new RecordCommandTargets();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @TargetAggregateIdentifier
    @interface Target {
    }

    record MetaAnnotated(@Target String id) {
    }

    static final class NotARecord {
        @TargetAggregateIdentifier
        final String id = "plain-1";
    }

    @Test
    void readsTheAnnotatedComponentOfADocVaultCommand() {
        assertThat(resolve(new UpdateDocumentCommand("doc-1", 3, null, null, "alice")))
                .isEqualTo(new VersionedAggregateIdentifier("doc-1", null));
        assertThat(resolve(new DeleteDocumentCommand("doc-2", 0, "gone", "alice")).getIdentifier()).isEqualTo("doc-2");
    }

    @Test
    void leavesVersionsMetaAnnotationsAndOtherClassesToAxon() {
        assertThat(resolve(new Versioned("doc-3", 7L))).isEqualTo(new VersionedAggregateIdentifier("doc-3", 7L));
        assertThat(resolve(new MetaAnnotated("doc-4")).getIdentifier()).isEqualTo("doc-4");
        assertThat(resolve(new NotARecord()).getIdentifier()).isEqualTo("plain-1");
    }

    @Test
    void aMissingIdentifierIsRefused() {
        assertThatThrownBy(() -> resolve(new UpdateDocumentCommand(null, 3, null, null, "alice")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("documentId() is null");
    }

    private VersionedAggregateIdentifier resolve(Object command) {
        return targets.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }
}
