package io.docvault.client;

import io.grpc.Context;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The messages of a server-streaming call, read one by one; {@link #close()} cancels the call.
 * {@link #hasNext()} blocks until the next message arrives or the stream ends, and throws the call's
 * {@link io.grpc.StatusRuntimeException} when it ends with an error.
 *
 * @param <T> the message type
 */
public final class ServerStream<T> implements Iterator<T>, AutoCloseable {

    private final Context.CancellableContext context;
    private final Iterator<T> messages;

    private ServerStream(Context.CancellableContext context, Iterator<T> messages) {
        this.context = context;
        this.messages = messages;
    }

    /** Starts the call inside a context of its own, so that closing the stream cancels exactly it. */
    static <T> ServerStream<T> open(Supplier<Iterator<T>> start) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            return new ServerStream<>(context, start.get());
        } catch (RuntimeException e) {
            context.cancel(e);
            throw e;
        } finally {
            context.detach(previous);
        }
    }

    @Override
    public boolean hasNext() {
        return messages.hasNext();
    }

    @Override
    public T next() {
        return messages.next();
    }

    /** Cancels the call; the server sees the client go away. Safe to call more than once. */
    @Override
    public void close() {
        context.cancel(null);
    }
}
