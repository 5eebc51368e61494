package dev.litserve4j.junit;

import dev.litserve4j.LitApi;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves one {@link LitApi} for a test class on 127.0.0.1, port 0, and injects the server's base
 * {@link java.net.URI}, the {@link dev.litserve4j.LitServer} and a ready
 * {@link dev.litserve4j.client.LitClient} into test methods, lifecycle methods and constructors.
 *
 * <pre>{@code
 * @LitServerTest(SquareApi.class)
 * class SquareApiTest {
 *     record Answer(double output) {}
 *
 *     @Test
 *     void squaresItsInput(LitClient client) {
 *         assertEquals(16.0, client.predict(Map.of("input", 4.0), Answer.class).output());
 *     }
 * }
 * }</pre>
 *
 * <p>The API is made with its no-argument constructor. For other builder options, several APIs or an
 * API made by the test, register a {@link LitServerExtension} with {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LitServerExtension.class)
public @interface LitServerTest {

    /** The API to serve on {@code /predict}. */
    Class<? extends LitApi<?, ?>> value();

    /** Serve it as a stream (NDJSON), as the builder's {@code stream(true)} does. */
    boolean stream() default false;

    /** One server for the class (default), or a fresh one for each test. */
    LitServerExtension.Scope scope() default LitServerExtension.Scope.PER_CLASS;
}
