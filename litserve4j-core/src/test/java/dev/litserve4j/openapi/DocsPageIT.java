package dev.litserve4j.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litserve4j.LitServer;
import dev.litserve4j.testing.Http;
import dev.litserve4j.testing.Servers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /docs}: our page, and Swagger UI's own files from the webjar, from memory, offline. */
class DocsPageIT {

    private static LitServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = Servers.local().api(new DocumentedApis.Scale()).apiKey("k3y").build().start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageLoadsSwaggerUiFromThisServerOnlyAndPointsItAtTheDocument() {
        HttpResponse<String> page = http.get("/docs"); // without the API key: a browser cannot send it
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'self'", "script-src 'self';", "connect-src 'self'");
        assertThat(page.body()).contains("src=\"/docs/swagger-ui-bundle.js\"", "src=\"/docs/swagger-initializer.js\"",
                "href=\"/docs/swagger-ui.css\"", "<title>litserve4j - Swagger UI</title>");
        assertThat(page.body()).doesNotContain("http:", "https:", "<script>");
        String init = http.get("/docs/swagger-initializer.js").body();
        assertThat(init).contains("url: \"/openapi.json\"", "validatorUrl: null", "queryConfigEnabled: false");
        assertThat(init).doesNotContain("petstore", "http");
    }

    @Test
    void eachFileIsTheWebjarsOwnWithItsContentType() throws IOException {
        Map<String, String> files = Map.of("swagger-ui-bundle.js", "text/javascript; charset=utf-8",
                "swagger-ui.css", "text/css; charset=utf-8", "index.css", "text/css; charset=utf-8",
                "favicon-32x32.png", "image/png", "favicon-16x16.png", "image/png");
        for (Map.Entry<String, String> file : files.entrySet()) {
            HttpResponse<byte[]> response = http.send(http.request("/docs/" + file.getKey()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file.getKey()).hasValue(file.getValue());
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.body()).as(file.getKey()).isEqualTo(webjarFile(file.getKey()));
        }
    }

    @Test
    void aClientThatAcceptsGzipGetsTheFilesGzipped() throws IOException {
        HttpResponse<byte[]> response = http.send(http.request("/docs/swagger-ui-bundle.js")
                .header("Accept-Encoding", "gzip, deflate").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] bundle = webjarFile("swagger-ui-bundle.js");
        assertThat(response.body().length).isLessThan(bundle.length / 2);
        try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(gunzip.readAllBytes()).isEqualTo(bundle);
        }
        HttpResponse<byte[]> refused = http.send(http.request("/docs/swagger-ui.css")
                .header("Accept-Encoding", "gzip;q=0, identity").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(webjarFile("swagger-ui.css"));
    }

    @Test
    void onlyTheListedFilesAreServed() {
        // swagger-ui.js and index.html are in the webjar but not in the page; the rest name other files.
        for (String path : List.of("/docs/swagger-ui.js", "/docs/index.html", "/docs/", "/docs/oauth2-redirect.html",
                "/docs/../pom.xml", "/docs/%2e%2e/version.properties", "/docs/swagger-ui.css/x",
                "/META-INF/resources/webjars/swagger-ui/5.34.1/swagger-ui.css")) {
            int status = http.get(path).statusCode();
            assertThat(status).as(path).isIn(400, 404);
        }
        HttpResponse<String> post = http.send(http.request("/docs").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    /** The file as the webjar on the test's class path holds it. */
    private static byte[] webjarFile(String name) throws IOException {
        ClassLoader loader = DocsPageIT.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            pom.load(in);
        }
        try (InputStream in = loader.getResourceAsStream("META-INF/resources/webjars/swagger-ui/"
                + pom.getProperty("version") + "/" + name)) {
            return in.readAllBytes();
        }
    }
}
