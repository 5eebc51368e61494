package dev.litserve4j.internal.openapi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The files of the docs page: Swagger UI's from the {@code org.webjars:swagger-ui} jar, with our own
 * page and start-up script, so that Swagger UI shows this server's document, never a default, and
 * loads nothing from anywhere else. The jar's files are read and gzipped once per JVM, on the first
 * server start with docs, never on an event loop.
 */
final class SwaggerUi {

    /**
     * A file of the page.
     *
     * @param gzipped the body gzipped, for clients that accept it, or null (already compressed)
     */
    record Asset(String contentType, byte[] body, byte[] gzipped) {
    }

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    /** The webjar's files the page uses, by the name they are served under, with their content types. */
    private static final Map<String, String> WEBJAR_FILES = Map.of(
            "swagger-ui.css", CSS,
            "index.css", CSS,
            "swagger-ui-bundle.js", JS,
            "favicon-16x16.png", "image/png",
            "favicon-32x32.png", "image/png");
    static final String INITIALIZER = "swagger-initializer.js";
    /** Every file name served under the page's path. */
    static final List<String> FILE_NAMES = Stream.concat(WEBJAR_FILES.keySet().stream().sorted(),
            Stream.of(INITIALIZER)).toList();

    /** Initialised on first use: the jar's files are the same for every server of the JVM. */
    private static final class Webjar {
        static final Map<String, Asset> FILES = readWebjar(SwaggerUi.class.getClassLoader());
    }

    private SwaggerUi() {
    }

    /**
     * The page ({@code ""}) and its files by name, or null when the webjar is not on the class path.
     *
     * @param pagePath where the page is served, e.g. {@code /docs}; its files are under {@code /docs/}
     */
    static Map<String, Asset> assets(String pagePath, String documentPath, String title) {
        if (Webjar.FILES == null) {
            return null;
        }
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put("", text("text/html; charset=utf-8", page(pagePath, title)));
        assets.putAll(Webjar.FILES);
        assets.put(INITIALIZER, text(JS, initializer(documentPath)));
        return assets;
    }

    private static String page(String pagePath, String title) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>%2$s</title>
                  <link rel="stylesheet" type="text/css" href="%1$s/swagger-ui.css">
                  <link rel="stylesheet" type="text/css" href="%1$s/index.css">
                  <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png" sizes="32x32">
                  <link rel="icon" type="image/png" href="%1$s/favicon-16x16.png" sizes="16x16">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js" charset="utf-8"></script>
                  <script src="%1$s/swagger-initializer.js" charset="utf-8"></script>
                </body>
                </html>
                """.formatted(pagePath, escape(title + " - Swagger UI"));
    }

    /**
     * Our start-up script, in a file of its own so that the page needs no inline script. No URL from
     * the query string is followed, and no validator badge is fetched from outside.
     */
    private static String initializer(String documentPath) {
        return """
                window.onload = function () {
                  window.ui = SwaggerUIBundle({
                    url: "%s",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    presets: [SwaggerUIBundle.presets.apis],
                    layout: "BaseLayout",
                    validatorUrl: null,
                    queryConfigEnabled: false
                  });
                };
                """.formatted(documentPath);
    }

    /** The webjar's files, or null when it, or one of the files, is not on the class path. */
    static Map<String, Asset> readWebjar(ClassLoader loader) {
        byte[] pom = read(loader, WEBJAR_POM);
        if (pom == null) {
            return null;
        }
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(pom));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Asset> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : WEBJAR_FILES.entrySet()) {
            byte[] body = read(loader, WEBJAR + properties.getProperty("version") + "/" + file.getKey());
            if (body == null) {
                return null;
            }
            boolean compressible = !file.getValue().startsWith("image/");
            files.put(file.getKey(), new Asset(file.getValue(), body, compressible ? gzip(body) : null));
        }
        return Map.copyOf(files);
    }

    private static Asset text(String contentType, String text) {
        return new Asset(contentType, text.getBytes(StandardCharsets.UTF_8), null); // small: the pipeline may gzip it
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the class path", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
