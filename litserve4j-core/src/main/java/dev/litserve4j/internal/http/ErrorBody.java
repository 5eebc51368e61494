package dev.litserve4j.internal.http;

import dev.litserve4j.internal.engine.ErrorMapping;
import dev.litserve4j.internal.json.JsonCodec;

/**
 * How a route writes the body of an error answer: LitServe's {@code {"detail": ...}} on most routes,
 * the protocol's own shape on a spec's routes (OpenAI clients read {@code error.message}).
 */
@FunctionalInterface
public interface ErrorBody {

    /** LitServe's {@code {"detail": ...}}. */
    ErrorBody DETAIL = (error, mapped, codec) -> codec.detail(mapped.detail());

    /**
     * The body for {@code mapped}; must not fail (an error must still reach the client).
     *
     * @param error what was thrown, for details the mapping does not carry (such as the field at fault)
     */
    byte[] write(Throwable error, ErrorMapping.Mapped mapped, JsonCodec codec);
}
