package dev.litserve4j.internal.metrics;

/** Why a request to an API was turned away without its answer: the {@code cause} label of the rejections. */
public enum Rejection {
    /** 413: the body is over the payload limit. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** 429: too many requests (an API's own {@code HttpError(429)}, the shutdown route's limiter). */
    RATE_LIMITED("rate_limited"),
    /** 503: the API's queue was full. */
    QUEUE_FULL("queue_full"),
    /** 503: the server held too many request bodies being read at once. */
    BODY_BUFFER_FULL("body_buffer_full"),
    /** 503: the server was still warming up and served only its own warm-up requests. */
    WARMING_UP("warming_up"),
    /** 503: the server was stopping. */
    SHUTTING_DOWN("shutting_down"),
    /** 504: the request timeout passed before the answer. */
    TIMEOUT("timeout"),
    /** The client left before its answer was complete. */
    CLIENT_GONE("client_gone"),
    /** The client read nothing of its answer for the stall timeout, and the server cut it. */
    STALLED("stalled");

    private final String label;

    Rejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
