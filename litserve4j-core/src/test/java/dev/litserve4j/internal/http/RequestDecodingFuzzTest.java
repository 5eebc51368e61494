package dev.litserve4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.HttpError;
import dev.litserve4j.internal.auth.ApiKeyAuthenticator;
import dev.litserve4j.internal.config.ConnectionLimits;
import dev.litserve4j.internal.engine.RequestCounters;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes request decoding: arbitrary bytes, in arbitrary pieces, through the real pipeline (codec,
 * deadlines, gate, aggregator, handler) and the JSON body reader. Whatever arrives, every answer is
 * well-formed HTTP, every error is a JSON {@code {"detail": ...}} and none is a 500, and the body
 * reader answers anything with a value or a 400, nothing else.
 *
 * <p>Without {@code JAZZER_FUZZ} these run the seed inputs under {@code RequestDecodingFuzzTestInputs}
 * (every build); with {@code JAZZER_FUZZ=1} they fuzz for their {@code maxDuration} (CI runs
 * {@code requestDecoding} briefly, {@code benchmarks/fuzz.sh} runs {@code requestDecodingLong}).
 */
class RequestDecodingFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonCodec CODEC = new JsonCodec();

    @FuzzTest(maxDuration = "20s")
    void requestDecoding(FuzzedDataProvider data) {
        decode(data);
    }

    @FuzzTest(maxDuration = "30m")
    void requestDecodingLong(FuzzedDataProvider data) {
        decode(data);
    }

    @FuzzTest(maxDuration = "20s")
    void jsonBodies(byte[] body) {
        try {
            CODEC.readBody(body, CODEC.type(Map.class));
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(String.valueOf(e.detail())).isNotBlank();
        }
    }

    private static void decode(FuzzedDataProvider data) {
        Routing routing = new Routing(new Router()
                .add(new Route("/health", Set.of(HttpMethod.GET), true, e -> e.sendText(200, "ok")))
                .add(new Route("/predict", Set.of(HttpMethod.POST), true, true,
                        e -> e.sendJson(200, CODEC.write(CODEC.readBody(e.bodyBytes(), CODEC.type(Map.class)))))),
                List.of(), new ApiKeyAuthenticator("key"), CODEC, new Connections(10), ConnectionLimits.defaults(), 4096,
                new RequestCounters());
        ConnectionTimeouts timeouts = new ConnectionTimeouts(ConnectionLimits.defaults(), new RequestCounters(),
                new ConnectionWatchdog.Registry(System::nanoTime));
        EmbeddedChannel server = new EmbeddedChannel(new ServerCodec(timeouts, BodyPacerTest.unpaced()), timeouts.messages(),
                new StreamAwareCompressor(), new RequestGate(routing, BodyBufferBudget.unlimited()), new PayloadLimitAggregator(4096),
                new RequestHandler(routing));
        StringBuilder sent = new StringBuilder();
        try {
            while (data.remainingBytes() > 0 && server.isOpen()) {
                byte[] piece = data.consumeBytes(1 + data.consumeInt(0, 512));
                sent.append(new String(piece, StandardCharsets.ISO_8859_1));
                server.writeInbound(Unpooled.wrappedBuffer(piece));
            }
            server.checkException();
            if (!sent.toString().toUpperCase(java.util.Locale.ROOT).contains("HEAD")) {
                checkAnswers(server); // answers to HEAD carry no body, which a plain decoder cannot know
            }
        } finally {
            server.finishAndReleaseAll();
        }
    }

    private static void checkAnswers(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        try {
            ByteBuf out;
            while ((out = server.readOutbound()) != null) {
                client.writeInbound(out);
            }
            FullHttpResponse response;
            while ((response = client.readInbound()) != null) {
                try {
                    assertThat(response.decoderResult().isSuccess()).as("a well-formed answer").isTrue();
                    int status = response.status().code();
                    assertThat(status).as("never a 500 for what a client sent").isNotEqualTo(500);
                    if (status >= 400) {
                        JsonNode body = JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
                        assertThat(body.path("detail").isTextual()).as("a JSON detail").isTrue();
                    }
                } catch (java.io.IOException e) {
                    throw new AssertionError("an error answer that is not JSON", e);
                } finally {
                    response.release();
                }
            }
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
