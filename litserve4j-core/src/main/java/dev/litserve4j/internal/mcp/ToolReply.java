package dev.litserve4j.internal.mcp;

import dev.litserve4j.internal.engine.ClientGoneException;
import dev.litserve4j.internal.engine.Reply;
import dev.litserve4j.internal.engine.RequestState;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.netty.channel.Channel;
import reactor.core.publisher.MonoSink;

/**
 * Where the engine answers one tool call: the API's JSON answer, or its error, becomes the call's
 * result. The call has a state of its own, apart from its HTTP exchange's, because the exchange is
 * answered later, with the JSON-RPC response the SDK builds around this result; the worker, the
 * request timeout and the shutdown deadline race for this state as for any request's.
 */
final class ToolReply implements Reply {

    private final RequestState state = new RequestState();
    private final MonoSink<CallToolResult> sink;
    private final ToolResults results;
    private final Channel channel;
    private final String requestId;

    ToolReply(MonoSink<CallToolResult> sink, ToolResults results, Channel channel, String requestId) {
        this.sink = sink;
        this.results = results;
        this.channel = channel;
        this.requestId = requestId;
    }

    RequestState state() {
        return state;
    }

    @Override
    public void json(byte[] body) {
        if (state.answer()) {
            sink.success(results.answer(body));
        }
    }

    @Override
    public boolean error(Throwable error) {
        if (!state.answer()) {
            return false;
        }
        sink.success(results.failure(error, requestId));
        return true;
    }

    @Override
    public boolean fail(Throwable error, boolean cut) {
        return error(error);
    }

    @Override
    public void chunk(Object encoded) {
        // A streaming API is never a tool (build() refuses it); should one emit anyway, the call ends here.
        throw new ClientGoneException("an MCP tool call has one answer, not a stream");
    }

    @Override
    public void endStream() {
        error(new IllegalStateException("an MCP tool call has one answer, not a stream"));
    }

    @Override
    public boolean isCancelled() {
        return state.isFinished() || !channel.isActive();
    }
}
