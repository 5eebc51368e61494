package dev.litserve4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json}: the BERT normaliser
 * (clean text, spaces around CJK ideographs, lowercase, accents stripped through NFD), whitespace and
 * punctuation splitting, then greedy longest-match WordPiece with {@code ##} continuations. Thread-safe
 * once built.
 */
public final class WordPieceTokenizer {

    private final Map<String, Integer> vocab;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final String continuation;
    private final int maxCharsPerWord;
    private final boolean lowercase;

    private WordPieceTokenizer(Map<String, Integer> vocab, String unk, String continuation, int maxCharsPerWord,
            boolean lowercase) {
        this.vocab = vocab;
        this.unkId = id(vocab, unk);
        this.clsId = id(vocab, "[CLS]");
        this.sepId = id(vocab, "[SEP]");
        this.continuation = continuation;
        this.maxCharsPerWord = maxCharsPerWord;
        this.lowercase = lowercase;
    }

    private static int id(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no " + token + " token");
        }
        return id;
    }

    /** Reads a WordPiece {@code tokenizer.json}. */
    public static WordPieceTokenizer fromJson(InputStream json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            JsonNode model = root.path("model");
            if (!"WordPiece".equals(model.path("type").asText())) {
                throw new IllegalArgumentException("not a WordPiece tokenizer.json: model.type is "
                        + model.path("type").asText("missing"));
            }
            Map<String, Integer> vocab = new HashMap<>();
            model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
            JsonNode normalizer = root.path("normalizer");
            return new WordPieceTokenizer(vocab, model.path("unk_token").asText("[UNK]"),
                    model.path("continuing_subword_prefix").asText("##"),
                    model.path("max_input_chars_per_word").asInt(100),
                    normalizer.path("lowercase").asBoolean(true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    /** Reads a {@code tokenizer.json} from the class path. */
    public static WordPieceTokenizer fromResource(String resource) {
        try (InputStream in = WordPieceTokenizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the class path");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int vocabSize() {
        return vocab.size();
    }

    public int clsId() {
        return clsId;
    }

    public int sepId() {
        return sepId;
    }

    /**
     * The ids of {@code text}: {@code [CLS]}, at most {@code maxLength - 2} word pieces, {@code [SEP]}.
     */
    public int[] encode(String text, int maxLength) {
        List<Integer> pieces = wordPieces(text);
        int kept = Math.min(pieces.size(), maxLength - 2);
        int[] ids = new int[kept + 2];
        ids[0] = clsId;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = sepId;
        return ids;
    }

    /** The word-piece ids of {@code text}, without special tokens or truncation. */
    public List<Integer> wordPieces(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String word : preTokenize(normalize(text))) {
            wordPiece(word, ids);
        }
        return ids;
    }

    String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return; // clean text
            }
            if (isWhitespace(c)) {
                out.append(' ');
            } else if (isCjk(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
            } else {
                out.appendCodePoint(c);
            }
        });
        String normalized = out.toString();
        if (lowercase) {
            // BERT strips accents whenever it lowercases (strip_accents: null follows lowercase).
            normalized = stripAccents(normalized).toLowerCase(Locale.ROOT);
        }
        return normalized;
    }

    private static String stripAccents(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private void wordPiece(String word, List<Integer> ids) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxCharsPerWord) {
            ids.add(unkId);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            Integer found = null;
            while (start < end) {
                String piece = new String(cps, start, end - start);
                found = vocab.get(start > 0 ? continuation + piece : piece);
                if (found != null) {
                    break;
                }
                end--;
            }
            if (found == null) {
                ids.add(unkId); // one unknown piece makes the whole word unknown
                return;
            }
            pieces.add(found);
            start = end;
        }
        ids.addAll(pieces);
    }

    private static boolean isWhitespace(int c) {
        int type = Character.getType(c);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    private static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
