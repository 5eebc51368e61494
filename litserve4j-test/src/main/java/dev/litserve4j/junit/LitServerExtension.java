package dev.litserve4j.junit;

import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.LitServerBuilder;
import dev.litserve4j.client.LitClient;
import dev.litserve4j.client.LitClientBuilder;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link LitServer} on 127.0.0.1, port 0, before tests and stops it gracefully after, and
 * injects its base {@link URI}, the {@link LitServer} and a ready {@link LitClient} as parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LitServerExtension server = LitServerExtension.configuring(builder -> builder
 *         .api(new CountingStreamApi()).stream(true).timeout(Duration.ofSeconds(5)));
 *
 * @Test
 * void countsToThree(LitClient client) {
 *     try (Stream<Map<String, Object>> chunks = client.stream(Map.of("n", 3), new TypeReference<>() {})) {
 *         assertEquals(3, chunks.count());
 *     }
 * }
 * }</pre>
 *
 * <p>In a static field the server serves the whole class (one start, one stop), unless
 * {@link #perMethod()} asks for one per test; in an instance field each test gets its own. The builder
 * starts from {@code host("127.0.0.1").port(0).environment(Map.of())}: no {@code LIT_*} variable of the
 * build's environment reaches the server. {@link LitServerTest} is the annotation form. One server per
 * test class: two registered extensions would both offer the parameters, which JUnit refuses. A server
 * per method is one at a time: do not run that class's tests concurrently.
 */
public final class LitServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    /** When the server starts and stops. */
    public enum Scope {
        /** Before the class's first test, stopped after its last (a static field, or the annotation's default). */
        PER_CLASS,
        /** Before each test, stopped after it. */
        PER_METHOD
    }

    private static final List<Class<?>> INJECTED = List.of(URI.class, LitServer.class, LitClient.class);

    private final Consumer<LitServerBuilder> configuration; // null: read @LitServerTest
    private final UnaryOperator<LitClientBuilder> clientOptions;
    private final Scope scope;
    private volatile RunningServer running;

    /** The {@link LitServerTest} form: JUnit makes it and it reads the annotation of the test class. */
    public LitServerExtension() {
        this(null, UnaryOperator.identity(), null);
    }

    private LitServerExtension(Consumer<LitServerBuilder> configuration, UnaryOperator<LitClientBuilder> clientOptions,
            Scope scope) {
        this.configuration = configuration;
        this.clientOptions = clientOptions;
        this.scope = scope;
    }

    /** Serves these API instances with the builder's defaults (the same instances for every server it starts). */
    public static LitServerExtension serving(LitApi<?, ?>... apis) {
        List<LitApi<?, ?>> list = List.of(apis);
        return configuring(builder -> list.forEach(builder::api));
    }

    /** Serves what {@code configuration} adds to the builder; it runs again for each server started. */
    public static LitServerExtension configuring(Consumer<LitServerBuilder> configuration) {
        return new LitServerExtension(Objects.requireNonNull(configuration, "configuration"), UnaryOperator.identity(),
                Scope.PER_CLASS);
    }

    /** A copy that starts a fresh server for each test, also from a static field. */
    public LitServerExtension perMethod() {
        return new LitServerExtension(configuration, clientOptions, Scope.PER_METHOD);
    }

    /** A copy whose {@link LitClient} is built with these options too, such as an API key or retries. */
    public LitServerExtension client(UnaryOperator<LitClientBuilder> options) {
        Objects.requireNonNull(options, "options");
        return new LitServerExtension(configuration, builder -> options.apply(clientOptions.apply(builder)), scope);
    }

    /** The running server. */
    public LitServer server() {
        return current("server()").server;
    }

    /** The running server's base URI, such as {@code http://127.0.0.1:40123}. */
    public URI uri() {
        return current("uri()").uri;
    }

    /** A client of the running server. */
    public LitClient client() {
        return current("client()").client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (running == null && scope(context) == Scope.PER_CLASS) {
            running = RunningServer.start(configuration(context), clientOptions, context.getUniqueId());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (running == null) { // per method, or an instance field, which JUnit never calls beforeAll on
            running = RunningServer.start(configuration(context), clientOptions, context.getUniqueId());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        stopIfStartedBy(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        stopIfStartedBy(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningServer server = running;
        if (server == null) {
            throw new ParameterResolutionException("no LitServer is running to inject into " + parameter.getDeclaringExecutable()
                    + ": a server per test starts after the test class's constructor, so take it as a parameter of the "
                    + "test or of a @BeforeEach method");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class ? server.uri : type == LitServer.class ? server.server : server.client;
    }

    private void stopIfStartedBy(ExtensionContext context) throws InterruptedException {
        RunningServer server = running;
        if (server != null && server.owner.equals(context.getUniqueId())) {
            running = null;
            server.stop();
        }
    }

    private RunningServer current(String accessor) {
        RunningServer server = running;
        if (server == null) {
            throw new IllegalStateException(accessor + ": no LitServer is running (it runs from the extension's "
                    + "beforeAll or beforeEach to the matching after callback)");
        }
        return server;
    }

    private Scope scope(ExtensionContext context) {
        return scope != null ? scope : AnnotatedServer.find(context).scope();
    }

    private Consumer<LitServerBuilder> configuration(ExtensionContext context) {
        return configuration != null ? configuration : AnnotatedServer.configuration(AnnotatedServer.find(context));
    }
}
