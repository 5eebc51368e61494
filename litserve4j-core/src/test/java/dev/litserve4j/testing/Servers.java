package dev.litserve4j.testing;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import java.util.Map;

/** Builders for servers on a free port of the loopback interface, never touching the environment. */
public final class Servers {

    private Servers() {
    }

    /** A builder bound to 127.0.0.1:0 that ignores the process environment (no LIT_* keys). */
    public static LitServerBuilder local() {
        return LitServer.builder().host("127.0.0.1").port(0).environment(Map.of());
    }

    /** Builds and starts {@code api} with the defaults. */
    public static LitServer start(LitApi<?, ?> api) {
        return local().api(api).build().start();
    }
}
