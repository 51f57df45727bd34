package io.docvault.generation.application;

import io.docvault.api.error.DocVaultException;
import io.docvault.api.error.ErrorCategory;

/** Every generation worker is busy and the queue in front of them is full. */
public class GenerationQueueFullException extends DocVaultException {

    public GenerationQueueFullException(int workers, int queueSize) {
        super(ErrorCategory.RESOURCE_EXHAUSTED, "GENERATION_QUEUE_FULL", "all " + workers
                + " generation workers are busy and " + queueSize + " generations are queued; retry later");
    }
}
