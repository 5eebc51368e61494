package dev.litserve4j.examples;

import dev.litserve4j.Device;
import dev.litserve4j.LitApi;
import dev.litserve4j.LitServer;
import java.util.Map;

public final class Quickstart {

    public static final class LinearApi implements LitApi<Map<String, Object>, Map<String, Object>> {
        private double weight;

        @Override
        public void setup(Device device) {
            weight = 2.0; // load the model here: once per worker
        }

        @Override
        public Map<String, Object> predict(Map<String, Object> request) {
            double x = ((Number) request.get("input")).doubleValue();
            return Map.of("output", weight * x);
        }
    }

    public static void main(String[] args) {
        LitServer.builder().api(new LinearApi()).port(8000).build().run();
    }
}
