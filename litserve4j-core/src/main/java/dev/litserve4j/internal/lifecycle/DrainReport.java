package dev.litserve4j.internal.lifecycle;

import dev.litserve4j.LitServer;
import dev.litserve4j.internal.engine.Endpoint;
import dev.litserve4j.internal.engine.RequestTracker;
import dev.litserve4j.internal.http.Connections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server says about its work while it runs and stops: the {@code "lifecycle"} object of
 * {@code /info}, and during a stop's waits one log line a second with the same facts.
 */
final class DrainReport {

    private static final Logger log = LoggerFactory.getLogger(LitServer.class);
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StopProgress progress;
    private final RequestTracker tracker;
    private final List<Endpoint> endpoints;
    private final Connections connections;

    /** @param endpoints the server's endpoints, read each time (filled as the server starts) */
    DrainReport(StopProgress progress, RequestTracker tracker, List<Endpoint> endpoints, Connections connections) {
        this.progress = progress;
        this.tracker = tracker;
        this.endpoints = endpoints;
        this.connections = connections;
    }

    /** The lifecycle document; {@code secondsLeft} only while stopping. */
    Map<String, Object> document(String phase, boolean stopping) {
        int queued = 0;
        for (Endpoint endpoint : endpoints) {
            queued += endpoint.queued();
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("phase", phase);
        doc.put("requests_in_flight", tracker.active());
        doc.put("requests_queued", queued);
        doc.put("open_connections", connections.count());
        doc.put("seconds_left", stopping ? progress.secondsLeft(System.nanoTime()) : null);
        return doc;
    }

    /**
     * Waits until {@code deadline}, or with {@code untilIdle} until no request is active, writing a
     * progress line every second it goes on; true when it ended idle.
     */
    boolean await(long deadline, boolean untilIdle) throws InterruptedException {
        while (true) {
            long slice = Math.min(deadline, System.nanoTime() + EVERY_NANOS);
            if (untilIdle) {
                if (tracker.awaitIdle(slice)) {
                    return true;
                }
            } else {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, slice - System.nanoTime()));
            }
            if (slice == deadline) {
                return false;
            }
            Map<String, Object> now = document(progress.phase(), true);
            log.info("stopping: {}, {} request(s) in flight ({} queued), {} open connection(s), {} s left",
                    now.get("phase"), now.get("requests_in_flight"), now.get("requests_queued"),
                    now.get("open_connections"), now.get("seconds_left"));
        }
    }
}
