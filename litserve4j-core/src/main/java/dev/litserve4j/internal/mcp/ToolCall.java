package dev.litserve4j.internal.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.RequestContext;
import dev.litserve4j.internal.config.EndpointConfig;
import dev.litserve4j.internal.engine.ApiTypes;
import dev.litserve4j.internal.engine.PendingRequest;
import dev.litserve4j.internal.http.HeadAuthorizer;
import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.PredictRoute;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * {@code tools/call} of one API's tool: the arguments become a request to the API, queued through the
 * API's own route ({@link PredictRoute#submit}), so the call is batched, timed out, counted and
 * drained as a POST to the API's path is. Runs on the I/O thread and never blocks it: the result
 * comes when a worker answers.
 */
final class ToolCall implements BiFunction<McpTransportContext, CallToolRequest, Mono<CallToolResult>> {

    private final EndpointConfig endpoint;
    private final PredictRoute route;
    private final ToolInput input;
    private final ToolResults results;
    private final ObjectMapper mapper;
    private final HeadAuthorizer authorizer; // null when the API keeps the server's X-API-Key check

    ToolCall(EndpointConfig endpoint, PredictRoute route, ToolInput input, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.route = route;
        this.input = input;
        this.mapper = mapper;
        this.results = new ToolResults(mapper);
        this.authorizer = ApiTypes.authorizes(endpoint.api()) ? HeadAuthorizer.of(endpoint.api()) : null;
    }

    @Override
    public Mono<CallToolResult> apply(McpTransportContext transport, CallToolRequest call) {
        HttpExchange exchange = (HttpExchange) transport.get(StatelessHttpTransport.EXCHANGE);
        return Mono.create(sink -> start(exchange, call, sink));
    }

    private void start(HttpExchange exchange, CallToolRequest call, MonoSink<CallToolResult> sink) {
        if (route.warmingUp()) {
            sink.success(results.failure(503, "Server is warming up and not ready yet; retry shortly"));
            return;
        }
        byte[] body;
        try {
            body = input.body(call.arguments(), mapper);
        } catch (JsonProcessingException e) {
            sink.success(results.failure(400, "The arguments cannot be written as JSON: " + e.getOriginalMessage()));
            return;
        }
        RequestContext context = new RequestContext(endpoint.path(), HeadAuthorizer.lowerCased(exchange.headers()));
        if (authorizer != null) {
            try {
                // The API decides its own access from the head, as on its path; here the head is the POST's.
                context.attributes().putAll(authorizer.authorize(endpoint.path(), exchange.headers()).attributes());
            } catch (RuntimeException refused) {
                sink.success(results.failure(refused, exchange.requestId()));
                return;
            }
        }
        ToolReply reply = new ToolReply(sink, results, exchange.channel(), exchange.requestId());
        route.submit(exchange, new PendingRequest(body, context, reply.state(), reply));
    }
}
