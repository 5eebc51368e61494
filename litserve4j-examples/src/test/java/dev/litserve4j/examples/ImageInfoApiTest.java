package dev.litserve4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The README's forms example is ImageInfoApi.java, shown verbatim and sent real multipart uploads here. */
class ImageInfoApiTest {

    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "litserve4j", "examples", "ImageInfoApi.java");
    private static final String BOUNDARY = "----image-info-test";

    @Test
    void readmeShowsTheSourceVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String shown = source.substring(source.indexOf("import dev.litserve4j.Form;"));
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("```java\n" + shown + "```");
    }

    @Test
    void anUploadedPngIsMeasuredAndANonImageOrAMissingFieldIs400() throws IOException {
        try (LitServer server = Servers.start(new ImageInfoApi())) {
            Http http = new Http(server.port());

            HttpResponse<String> png = http.send(upload(http, "file", "dot.png", "image/png", png(37, 21)));
            HttpResponse<String> text = http.send(upload(http, "file", "notes.txt", "text/plain",
                    "not an image".getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> elsewhere = http.send(upload(http, "image", "dot.png", "image/png", png(2, 2)));

            assertThat(png.statusCode()).as(png.body()).isEqualTo(200);
            JsonNode info = new ObjectMapper().readTree(png.body());
            assertThat(info.get("width").asInt()).isEqualTo(37);
            assertThat(info.get("height").asInt()).isEqualTo(21);
            assertThat(info.get("format").asText()).isEqualTo("png");
            assertThat(text.statusCode()).isEqualTo(400);
            assertThat(text.body()).isEqualTo("{\"detail\":\"'notes.txt' is not an image: send a PNG, JPEG, GIF or BMP\"}");
            assertThat(elsewhere.statusCode()).isEqualTo(400);
            assertThat(elsewhere.body()).contains("the form field 'file'");
        }
    }

    @Test
    void theReadmesCurlLineWorks() throws Exception {
        Path image = Files.createTempFile("cat", ".png");
        try (LitServer server = Servers.start(new ImageInfoApi())) {
            Files.write(image, png(640, 480));
            String readme = Files.readString(Path.of("..", "README.md"));
            String line = "curl -F file=@cat.png http://127.0.0.1:8000/predict";
            assertThat(readme).contains(line + "   # {\"width\":640,\"height\":480,\"format\":\"png\"}");

            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-F",
                    "file=@" + image, "http://127.0.0.1:" + server.port() + "/predict"));
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            JsonNode info = new ObjectMapper().readTree(answer);
            assertThat(info.get("width").asInt()).as(answer).isEqualTo(640);
            assertThat(info.get("height").asInt()).isEqualTo(480);
            assertThat(info.get("format").asText()).isEqualTo("png");
        } finally {
            Files.deleteIfExists(image);
        }
    }

    /** A multipart/form-data request with one file part, built byte for byte. */
    private static HttpRequest upload(Http http, String field, String filename, String type, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.request("/predict").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(width / 2, height / 2, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }
}
