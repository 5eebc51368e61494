package dev.litserve4j.spec;

/** Token counts of a completion. */
public record Usage(int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of two counts (null counts as zero). */
    public Usage plus(Usage other) {
        return other == null ? this : new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
