package dev.litserve4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our tokenizer against ids derived once with Hugging Face's own (see ReferenceTokenIds). */
class WordPieceTokenizerTest {

    private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
    private static Map<String, List<Integer>> reference;

    @BeforeAll
    static void readReference() throws Exception {
        try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream("/reference-token-ids.json")) {
            reference = new ObjectMapper().readValue(in, new TypeReference<Map<String, List<Integer>>>() { });
        }
    }

    private static List<Integer> ours(String text) {
        return java.util.Arrays.stream(TOKENIZER.encode(text, MiniLm.MAX_TOKENS)).boxed().toList();
    }

    @Test
    void everyReferenceTextIsTokenizedAsHuggingFaceDoes() {
        assertThat(reference).hasSize(ReferenceTokenIds.TEXTS.size());
        for (String text : ReferenceTokenIds.TEXTS) {
            assertThat(ours(text)).as(text).isEqualTo(reference.get(text));
        }
    }

    @Test
    void longInputIsTruncatedTo256PiecesSpecialTokensIncluded() {
        String text = "word ".repeat(300).trim();
        List<Integer> ids = ours(text);
        assertThat(ids).hasSize(256);
        assertThat(ids.get(0)).isEqualTo(101);
        assertThat(ids.get(255)).isEqualTo(102);
    }

    @Test
    void aWordOfMoreThan100CharactersIsUnknown() {
        assertThat(ours("x".repeat(300))).containsExactly(101, 100, 102);
    }

    @Test
    void accentsAreStrippedAndTextLowercased() {
        assertThat(ours("Café")).isEqualTo(ours("cafe"));
    }
}
