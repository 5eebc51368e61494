package dev.litserve4j.internal.http;

import dev.litserve4j.internal.form.BodyKind;
import java.util.HashMap;
import java.util.Map;

/** Exact-path routing: the server's routes are a fixed set known at start. */
public final class Router {

    private final Map<String, Route> routes = new HashMap<>();
    private boolean forms;

    /** Adds a route; a second route on the same path is a programming error (build() rejects it first). */
    public Router add(Route route) {
        Route previous = routes.putIfAbsent(route.path(), route);
        if (previous != null) {
            throw new IllegalStateException("two routes on " + route.path());
        }
        forms |= route.body() == BodyKind.FORM;
        return this;
    }

    /** Whether a route takes forms: only then do connections need a {@link BodySpooler}. */
    public boolean takesForms() {
        return forms;
    }

    /** The route for a decoded path, or null. */
    public Route find(String path) {
        return routes.get(path);
    }
}
