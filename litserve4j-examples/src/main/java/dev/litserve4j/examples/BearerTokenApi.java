package dev.litserve4j.examples;

import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.RequestContext;
import java.util.Map;

/** Lets in callers that send a known bearer token, and tells predict who they are. */
public final class BearerTokenApi implements LitApi<Map<String, Object>, Map<String, Object>> {

    private final Map<String, String> users; // token -> user

    public BearerTokenApi(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public void authorize(RequestContext context) {
        String header = context.header("Authorization");
        String user = header != null && header.startsWith("Bearer ") ? users.get(header.substring(7)) : null;
        if (user == null) {
            throw new HttpError(401, "Send a known token: Authorization: Bearer <token>",
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        context.put("user", user); // predict sees it
    }

    @Override
    public Map<String, Object> predict(Map<String, Object> request, RequestContext context) {
        return Map.of("user", context.get("user"), "input", request.get("input"));
    }
}
