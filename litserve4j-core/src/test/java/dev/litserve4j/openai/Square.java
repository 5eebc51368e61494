package dev.litserve4j.openai;

import dev.litserve4j.LitApi;
import java.util.Map;

/** A plain {@code /predict} API, served next to the OpenAI ones. */
final class Square implements LitApi<Map<String, Double>, Double> {

    @Override
    public Double predict(Map<String, Double> input) {
        return input.get("input") * input.get("input");
    }
}
