package dev.litserve4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Multipart;
import dev.litserve4j.testing.RawConnection;
import dev.litserve4j.testing.Servers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forms, files and raw bytes through real sockets: what reaches predict, and what is refused and how. */
class FormsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers what it was sent: each field's values, and each file's name, type, size, hash and storage. */
    static final class FormEchoApi implements LitApi<Form, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Form form) throws Exception {
            Map<String, Object> files = new LinkedHashMap<>();
            for (Map.Entry<String, List<UploadedFile>> entry : form.files().entrySet()) {
                UploadedFile file = entry.getValue().get(0);
                files.put(entry.getKey(), Map.of("filename", file.filename(), "type", file.contentType(),
                        "size", file.size(), "sha256", sha256(file.bytes()), "onDisk", file.path().isPresent(),
                        "count", entry.getValue().size()));
            }
            return Map.of("fields", form.fields(), "files", files);
        }
    }

    static final class BytesApi implements LitApi<byte[], Map<String, Object>> {
        @Override
        public Map<String, Object> predict(byte[] body, RequestContext context) {
            return Map.of("size", body.length, "sha256", sha256(body), "type", String.valueOf(context.header("content-type")));
        }
    }

    static final class JsonApi implements LitApi<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> input) {
            return input;
        }
    }

    @Test
    void multipartFieldsAndFilesReachPredictSmallOnesInMemoryLargeOnesInATemporaryFile() throws Exception {
        byte[] small = random(1000);
        byte[] large = random(600 * 1024);
        try (LitServer server = Servers.start(new FormEchoApi())) {
            Http http = new Http(server.port());
            Multipart form = new Multipart().field("lang", "en").field("tag", "a").field("tag", "b ü")
                    .file("small", "s.bin", "application/x-thing", small).file("large", "big.png", "image/png", large);

            HttpResponse<String> response = http.send(form.post(http, "/predict"));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.at("/fields/lang").toString()).isEqualTo("[\"en\"]");
            assertThat(answer.at("/fields/tag").toString()).isEqualTo("[\"a\",\"b ü\"]");
            assertThat(answer.at("/files/small/filename").asText()).isEqualTo("s.bin");
            assertThat(answer.at("/files/small/type").asText()).isEqualTo("application/x-thing");
            assertThat(answer.at("/files/small/size").asLong()).isEqualTo(1000);
            assertThat(answer.at("/files/small/sha256").asText()).isEqualTo(sha256(small));
            assertThat(answer.at("/files/small/onDisk").asBoolean()).isFalse();
            assertThat(answer.at("/files/large/size").asLong()).isEqualTo(large.length);
            assertThat(answer.at("/files/large/sha256").asText()).isEqualTo(sha256(large));
            assertThat(answer.at("/files/large/onDisk").asBoolean()).isTrue();
        }
    }

    @Test
    void longFieldsArriveWholeInBothEncodingsAndABatchedFormApiGetsEachForm() throws Exception {
        String text = "x".repeat(300 * 1024) + "ü"; // a multipart field this long is kept on disk by the decoder
        try (LitServer server = Servers.local().api(new FormEchoApi(),
                ApiOptions.defaults().maxBatchSize(4).batchTimeout(java.time.Duration.ofMillis(20))).build().start()) {
            Http http = new Http(server.port());
            HttpResponse<String> multipart = http.send(new Multipart().field("text", text).post(http, "/predict"));
            HttpResponse<String> urlencoded = http.send(http.request("/predict")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("text=" + java.net.URLEncoder.encode(text,
                            StandardCharsets.UTF_8))).build());

            assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(200);
            assertThat(JSON.readTree(multipart.body()).at("/fields/text/0").asText()).isEqualTo(text);
            assertThat(urlencoded.statusCode()).as(urlencoded.body()).isEqualTo(200);
            assertThat(JSON.readTree(urlencoded.body()).at("/fields/text/0").asText()).isEqualTo(text);
        }
    }

    @Test
    void formAndByteSamplesWarmTheirApisUpAsAClientWouldSendThem() {
        java.util.Queue<Object> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        LitApi<Form, String> forms = new LitApi<>() {
            @Override
            public String predict(Form form) throws Exception {
                seen.add(form.field("lang") + ":" + new String(form.file("f").bytes(), StandardCharsets.UTF_8));
                return "ok";
            }

            @Override
            public List<Object> sampleRequests() {
                return List.of(new Form(Map.of("lang", List.of("en")), Map.of("f", List.of(
                        UploadedFile.of("f", "s.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8))))));
            }
        };
        LitApi<byte[], String> bytes = new LitApi<>() {
            @Override
            public String predict(byte[] body) {
                seen.add(body.length);
                return "ok";
            }

            @Override
            public List<Object> sampleRequests() {
                return List.of(new byte[] {1, 2, 3});
            }
        };
        try (LitServer server = Servers.local().api(forms).api(bytes, ApiOptions.path("/bytes")).warmupRequests(3)
                .build().start()) {
            // start() returns once the warm-up is done: every sample was predicted.
            assertThat(seen).containsExactlyInAnyOrder("en:hello", "en:hello", "en:hello", 3, 3, 3);
        }
    }

    @Test
    void anUrlencodedFormDecodesIntoTheSameForm() throws Exception {
        try (LitServer server = Servers.start(new FormEchoApi())) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(http.request("/predict")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("a=1&b=x%20y&a=2")).build());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("fields").toString())
                    .isEqualTo("{\"a\":[\"1\",\"2\"],\"b\":[\"x y\"]}");
        }
    }

    @Test
    void aByteArrayApiGetsOctetStreamAndImageBodiesAsTheyAre() throws Exception {
        byte[] body = random(70_000);
        try (LitServer server = Servers.start(new BytesApi())) {
            Http http = new Http(server.port());
            for (String type : List.of("application/octet-stream", "image/png")) {
                HttpResponse<String> response = http.send(http.request("/predict").header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(response.body());
                assertThat(answer.get("size").asInt()).isEqualTo(body.length);
                assertThat(answer.get("sha256").asText()).isEqualTo(sha256(body));
                assertThat(answer.get("type").asText()).isEqualTo(type);
            }
            HttpResponse<String> json = http.post("/predict", "{\"input\": 1}");
            assertThat(json.statusCode()).isEqualTo(415);
            assertThat(json.body()).isEqualTo("{\"detail\":\"This API takes the raw bytes of a file: send Content-Type"
                    + " application/octet-stream, image/* or audio/* (got 'application/json')\"}");
        }
    }

    @Test
    void jsonToAFormApiAndAFormToAJsonApiAre415NamingWhatIsExpected() {
        try (LitServer forms = Servers.start(new FormEchoApi()); LitServer json = Servers.start(new JsonApi())) {
            HttpResponse<String> toForm = new Http(forms.port()).post("/predict", "{\"input\": 1}");
            Http jsonHttp = new Http(json.port());
            HttpResponse<String> toJson = jsonHttp.send(new Multipart().field("input", "1").post(jsonHttp, "/predict"));

            assertThat(toForm.statusCode()).isEqualTo(415);
            assertThat(toForm.body()).isEqualTo("{\"detail\":\"This API takes a form: send Content-Type"
                    + " multipart/form-data or application/x-www-form-urlencoded (got 'application/json')\"}");
            HttpResponse<String> bigToForm = new Http(forms.port()).post("/predict",
                    "{\"input\": \"" + "x".repeat(1 << 20) + "\"}"); // refused from the head, its body never read
            assertThat(bigToForm.statusCode()).isEqualTo(415);
            assertThat(bigToForm.body()).isEqualTo(toForm.body());
            assertThat(toJson.statusCode()).isEqualTo(415);
            assertThat(toJson.body()).startsWith("{\"detail\":\"This API takes JSON: send Content-Type application/json"
                    + " (got 'multipart/form-data; boundary=");
        }
    }

    @Test
    void aJsonApiStillReadsJsonLabelledAsAFormAsCurlDashDSendsIt() {
        try (LitServer server = Servers.start(new JsonApi())) {
            Http http = new Http(server.port());
            HttpResponse<String> response = http.send(http.request("/predict")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": 4}")).build());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"input\":4}");

            HttpResponse<String> form = http.send(http.request("/predict")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("input=4")).build());
            assertThat(form.statusCode()).isEqualTo(400);
            assertThat(form.body()).startsWith("{\"detail\":\"Invalid JSON in request body: ")
                    .endsWith(" (the body came as application/x-www-form-urlencoded: this API takes JSON,"
                            + " send Content-Type application/json)\"}");
        }
    }

    @Test
    void aMissingOrWrongBoundaryOrATruncatedBodyIs400SayingSo() {
        try (LitServer server = Servers.start(new FormEchoApi())) {
            Http http = new Http(server.port());
            Multipart form = new Multipart("right").field("a", "1").file("f", "f.bin", "application/octet-stream", random(100));

            HttpResponse<String> missing = post(http, "multipart/form-data", form.bytes());
            HttpResponse<String> wrong = post(http, "multipart/form-data; boundary=wrong", form.bytes());
            HttpResponse<String> truncated = post(http, form.contentType(), form.truncated());
            HttpResponse<String> cutMidPart = post(http, form.contentType(),
                    java.util.Arrays.copyOf(form.bytes(), form.bytes().length / 2));

            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("multipart/form-data needs a boundary");
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("boundary of its Content-Type ('--wrong'): the boundary is wrong");
            assertThat(truncated.statusCode()).isEqualTo(400);
            assertThat(truncated.body()).contains("ends before its closing delimiter '--right--': it is truncated");
            assertThat(cutMidPart.statusCode()).isEqualTo(400);
            assertThat(cutMidPart.body()).contains("truncated");
        }
    }

    @Test
    void aFormOfTooManyFieldsIs400() {
        try (LitServer server = Servers.start(new FormEchoApi())) {
            Http http = new Http(server.port());
            HttpResponse<String> response = post(http, "application/x-www-form-urlencoded",
                    "a=1&".repeat(10_001).getBytes(StandardCharsets.US_ASCII));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"detail\":\"The form has more than 10000 fields\"}");
        }
    }

    @Test
    void aFileOverThePayloadLimitIs413WithTheLimitDeclaredOrChunked() {
        try (LitServer server = Servers.local().api(new FormEchoApi()).maxPayloadSize("64KB").build().start()) {
            Http http = new Http(server.port());
            Multipart form = new Multipart().file("f", "big.bin", "application/octet-stream", random(100 * 1024));

            HttpResponse<String> declared = http.send(form.post(http, "/predict"));
            HttpResponse<String> chunked = http.send(http.request("/predict").header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form.bytes())))
                    .build());

            String detail = "{\"detail\":\"Payload too large: the whole body, files included, may be at most 64 KiB"
                    + " (the server's maxPayloadSize)\"}";
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(declared.body()).isEqualTo(detail);
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(chunked.body()).isEqualTo(detail);
        }
    }

    @Test
    void theConnectionStaysUsableAfterABadForm() {
        try (LitServer server = Servers.start(new FormEchoApi()); RawConnection raw = RawConnection.open(server.port())) {
            byte[] bad = new Multipart("right").field("a", "1").truncated();
            byte[] good = new Multipart("right").field("a", "2").bytes();

            raw.send(request("right", bad));
            RawConnection.RawResponse first = raw.read();
            raw.send(request("right", good));
            RawConnection.RawResponse second = raw.read();

            assertThat(first.status()).isEqualTo(400);
            assertThat(first.bodyText()).contains("truncated");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).contains("\"a\":[\"2\"]");
        }
    }

    private static byte[] request(String boundary, byte[] body) {
        byte[] head = ("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                + boundary + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static HttpResponse<String> post(Http http, String contentType, byte[] body) {
        return http.send(http.request("/predict").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
