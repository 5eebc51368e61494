package dev.litserve4j.internal.mcp;

import dev.litserve4j.internal.http.HttpExchange;
import dev.litserve4j.internal.http.Route;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code POST /mcp}: MCP's streamable HTTP transport, stateless and answering in JSON, as LitServe's
 * is. Each POST carries one JSON-RPC message; a request is answered 200 with its JSON-RPC response, a
 * notification 202 with no body. No session is kept, so no {@code Mcp-Session-Id} is given; a GET
 * (for a server-to-client stream this server never sends on) and a DELETE get 405 from the router,
 * as the specification allows.
 *
 * <p>The SDK's handler runs on the I/O thread: it lists and validates in memory, and a tool call only
 * queues the request for the API's workers ({@link ToolCall}); the answer is written when it comes.
 */
final class StatelessHttpTransport implements McpStatelessServerTransport, Route.RouteHandler {

    private static final Logger log = LoggerFactory.getLogger(StatelessHttpTransport.class);
    static final String EXCHANGE = "litserve4j.exchange";
    private static final String JSON = "application/json";

    private final McpJsonMapper json;
    private volatile McpStatelessServerHandler handler;

    StatelessHttpTransport(McpJsonMapper json) {
        this.json = json;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler value) {
        this.handler = value;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty(); // nothing is held between requests; the server's drain covers those in flight
    }

    @Override
    public void handle(HttpExchange exchange) {
        String refused = refusal(exchange);
        if (refused != null) {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, refused);
            return;
        }
        if (!sameOrigin(exchange.header("Origin"), exchange.header("Host"))) {
            // The specification asks for this check against DNS rebinding: a web page must not reach a
            // tool on the user's machine through the page's own origin.
            error(exchange, 403, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Origin " + exchange.header("Origin") + " may not call this server's MCP tools");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json,
                    new String(exchange.bodyBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            error(exchange, 400, McpSchema.ErrorCodes.PARSE_ERROR, "The body is not one JSON-RPC 2.0 message: "
                    + "send one request or notification as a JSON object, e.g. {\"jsonrpc\": \"2.0\", \"id\": 1, "
                    + "\"method\": \"tools/list\"}");
            return;
        }
        McpTransportContext context = McpTransportContext.create(Map.of(EXCHANGE, exchange));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            handler.handleRequest(context, request)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .subscribe(response -> respond(exchange, 200, response),
                            failure -> respond(exchange, 200, failed(request.id(), failure)));
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            handler.handleNotification(context, notification)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .subscribe(null, failure -> {
                        log.debug("MCP notification {} failed", notification.method(), failure);
                        exchange.send(202, null, new byte[0], Map.of());
                    }, () -> exchange.send(202, null, new byte[0], Map.of()));
        } else {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "This server sends no requests, so it takes no responses: send a request or a notification");
        }
    }

    /** Why the head is refused, or null. */
    private String refusal(HttpExchange exchange) {
        String accept = exchange.header("Accept");
        if (accept != null && !accept.contains(JSON) && !accept.contains("*/*")) {
            return "Accept must include application/json (this server answers in JSON), got " + accept;
        }
        String version = exchange.header(HttpHeaders.PROTOCOL_VERSION);
        if (version != null && !protocolVersions().contains(version)) {
            return "Unsupported " + HttpHeaders.PROTOCOL_VERSION + " " + version + "; supported: "
                    + String.join(", ", protocolVersions());
        }
        return null;
    }

    /** No Origin (not a browser), or one naming the host the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = new URI(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host)
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static McpSchema.JSONRPCResponse failed(Object id, Throwable failure) {
        if (failure instanceof McpError mcp && mcp.getJsonRpcError() != null) {
            return McpSchema.JSONRPCResponse.error(id, mcp.getJsonRpcError());
        }
        log.error("MCP request {} failed", id, failure);
        return McpSchema.JSONRPCResponse.error(id,
                new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal server error"));
    }

    /** A JSON-RPC error about a message whose id is unknown: its {@code "id"} is null, as JSON-RPC says. */
    private void error(HttpExchange exchange, int status, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        response.put("id", null);
        response.put("error", error);
        respond(exchange, status, response);
    }

    private void respond(HttpExchange exchange, int status, Object response) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(response);
        } catch (IOException e) {
            log.error("cannot write an MCP response", e);
            body = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + McpSchema.ErrorCodes.INTERNAL_ERROR
                    + ",\"message\":\"Internal server error\"}}").getBytes(StandardCharsets.UTF_8);
        }
        exchange.send(status, JSON, body, Map.of());
    }
}
