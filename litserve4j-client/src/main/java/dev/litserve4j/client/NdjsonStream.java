package dev.litserve4j.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An NDJSON answer as a lazy {@link Stream}: a line is read when the caller asks for the next element.
 * Closing the stream closes the body, which cancels the exchange (the JDK closes the connection of an
 * unfinished body), so the server's emitter fails at its next chunk and the generation stops. The body
 * is also closed at its end and at the first error.
 */
final class NdjsonStream<T> implements Iterator<T> {

    private final InputStream body;
    private final BufferedReader lines;
    private final AnswerReader<T> reader;
    private final ErrorBodies errors;
    private final String request;
    private String next;
    private volatile boolean done;

    private NdjsonStream(InputStream body, AnswerReader<T> reader, ErrorBodies errors, String request) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.reader = reader;
        this.errors = errors;
        this.request = request;
    }

    static <T> Stream<T> open(InputStream body, AnswerReader<T> reader, ErrorBodies errors, String request) {
        NdjsonStream<T> lines = new NdjsonStream<>(body, reader, errors, request);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(lines::close);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            String line;
            try {
                line = lines.readLine();
            } catch (IOException e) {
                close();
                throw new LitClientException(request + ": the stream broke: " + e, e);
            }
            if (line == null) {
                close();
            } else if (!line.isBlank()) {
                next = line;
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream of " + request + " has ended");
        }
        String line = next;
        next = null;
        try {
            return reader.line(line, request, errors);
        } catch (RuntimeException e) {
            close(); // an error line is the last one; an unreadable line leaves nothing to trust after it
            throw e;
        }
    }

    void close() {
        if (done) {
            return;
        }
        done = true;
        next = null;
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
