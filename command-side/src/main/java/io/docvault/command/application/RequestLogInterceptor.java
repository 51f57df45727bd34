package io.docvault.command.application;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Records the outcome of a command that carries an idempotency key, inside the unit of work (and so
 * the transaction) that appends its events: either both are stored or neither is. The key is claimed
 * before the command runs, so a concurrent duplicate waits on it and then replays the first outcome
 * instead of running against the state the first one produced.
 */
public class RequestLogInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String REQUEST_ID = "docvault.requestId";
    static final String FINGERPRINT = "docvault.requestFingerprint";
    static final String DOCUMENT_ID = "docvault.documentId";

    private final RequestLog requestLog;

    public RequestLogInterceptor(RequestLog requestLog) {
        this.requestLog = requestLog;
    }

    static MetaData metaData(RequestKey key, String documentId) {
        return MetaData.with(REQUEST_ID, key.requestId())
                .and(FINGERPRINT, key.fingerprint())
                .and(DOCUMENT_ID, documentId);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        MetaData metaData = unitOfWork.getMessage().getMetaData();
        if (!metaData.containsKey(REQUEST_ID)) {
            return chain.proceed();
        }
        String requestId = (String) metaData.get(REQUEST_ID);
        requestLog.reserve(requestId, (String) metaData.get(FINGERPRINT), (String) metaData.get(DOCUMENT_ID));
        Object result = chain.proceed();
        requestLog.complete(requestId, (Long) result);
        return result;
    }
}
