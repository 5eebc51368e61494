package dev.litserve4j.examples;

import dev.litserve4j.ApiOptions;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import dev.litserve4j.Mcp;
import java.util.Map;

/** Celsius to Fahrenheit at POST /fahrenheit, and the same API as the MCP tool to_fahrenheit at /mcp. */
public final class FahrenheitTool {

    /** The tool's input schema comes from this record: {"celsius": number}. */
    public record Celsius(double celsius) {
    }

    public static final class FahrenheitApi implements LitApi<Celsius, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Celsius input) {
            if (input.celsius() < -273.15) {
                throw new HttpError(400, "celsius must be at least -273.15 (absolute zero)");
            }
            return Map.of("fahrenheit", input.celsius() * 9 / 5 + 32);
        }
    }

    public static ApiOptions options() {
        return ApiOptions.path("/fahrenheit")
                .mcp(Mcp.tool("to_fahrenheit").description("Converts degrees Celsius to degrees Fahrenheit"));
    }

    public static void main(String[] args) {
        LitServer.builder().api(new FahrenheitApi(), options()).port(8000).build().run();
    }
}
