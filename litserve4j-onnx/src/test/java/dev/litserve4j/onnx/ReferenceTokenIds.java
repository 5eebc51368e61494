package dev.litserve4j.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the reference ids of {@link #TEXTS} with Hugging Face's own tokenizer (through DJL), and
 * writes them to {@code src/test/resources/reference-token-ids.json}, which the tests compare with.
 * Run it again only when the texts change:
 *
 * <pre>mvn -q -pl litserve4j-onnx test-compile exec:java ... or from an IDE, with -Doffline=true -DOPT_OUT_TRACKING=true</pre>
 */
public final class ReferenceTokenIds {

    static final List<String> TEXTS = List.of(
            "A man is playing a guitar.",
            "Héllo Wörld! Ça va? naïve café, résumé; Ångström",
            "Punctuation: (a) [b] {c} <d> \"e\" 'f' — g… h-i_j/k\\\\l @m #n $o %p ^q &r *s +t =u |v ~w `x",
            "中文分词测试，日本語のテキスト、한국어 텍스트",
            "emoji 😀👍🏽 and ☃ snowman 🇫🇷",
            "tabs\tand\nnew\r\nlines\u00a0and\u2028separators\u0007bell\u200bzero-width",
            "x".repeat(300) + " short",
            "supercalifragilisticexpialidocious antidisestablishmentarianism unbelievably",
            "word ".repeat(300).trim(),
            "");

    private ReferenceTokenIds() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        Path tokenizerJson = Files.createTempFile("tokenizer", ".json");
        try (InputStream in = ReferenceTokenIds.class.getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            Files.copy(in, tokenizerJson, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                .optMaxLength(MiniLm.MAX_TOKENS).optTruncation(true).optPadding(false).build()) {
            for (String text : TEXTS) {
                Encoding encoding = tokenizer.encode(text);
                out.put(text, encoding.getIds());
            }
        }
        Path target = Path.of(args.length > 0 ? args[0] : "src/test/resources/reference-token-ids.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(target.toFile(), out);
        System.out.println("wrote " + out.size() + " reference encodings to " + target);
    }
}
