package dev.litserve4j.internal.openapi;

import dev.litserve4j.internal.http.Route;
import dev.litserve4j.internal.json.JsonCodec;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /openapi.json} and the docs page {@code GET /docs} (Swagger UI, with its files under
 * {@code /docs/}). Every body is in memory before the server listens. Neither needs {@code X-API-Key}
 * (as in LitServe): a browser loading the page cannot send one; the API routes it lists still do.
 * Only a fixed set of file names is served, so no request can name another file.
 */
public final class DocsRoutes {

    private static final Logger log = LoggerFactory.getLogger(DocsRoutes.class);
    public static final String DOCUMENT_PATH = "/openapi.json";
    public static final String PAGE_PATH = "/docs";
    /** The document is rebuilt by every start, so a browser revalidates it; the page's files change only with litserve4j. */
    private static final Map<String, String> NO_CACHE = Map.of("Cache-Control", "no-cache");
    private static final Map<String, String> CACHE = Map.of("Cache-Control", "public, max-age=3600",
            "X-Content-Type-Options", "nosniff");
    /**
     * The page runs only its own files and talks only to this server. Swagger UI sets inline styles
     * and draws some icons from data: URLs; no inline script is needed.
     */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private DocsRoutes() {
    }

    /** The paths these routes take, each with what takes it, so that no other route can be put there. */
    public static Map<String, String> paths() {
        String owner = "the docs (docs(false) or --no-docs turns them off)";
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(DOCUMENT_PATH, owner);
        paths.put(PAGE_PATH, owner);
        for (String file : SwaggerUi.FILE_NAMES) {
            paths.put(PAGE_PATH + "/" + file, owner);
        }
        return paths;
    }

    /**
     * The routes: always the document; the page too when Swagger UI is on the class path (it is a
     * dependency of litserve4j-core; an application that left it out gets a warning and no page).
     *
     * @param document as {@link OpenApiDocument#of} built it
     */
    public static List<Route> routes(Map<String, Object> document, JsonCodec codec) {
        List<Route> routes = new ArrayList<>();
        routes.add(get(DOCUMENT_PATH, new SwaggerUi.Asset("application/json", codec.write(document), null), NO_CACHE));
        String title = String.valueOf(((Map<?, ?>) document.get("info")).get("title"));
        Map<String, SwaggerUi.Asset> assets = SwaggerUi.assets(PAGE_PATH, DOCUMENT_PATH, title);
        if (assets == null) {
            log.warn("Swagger UI (org.webjars:swagger-ui) is not on the class path: {} is not served; {} is",
                    PAGE_PATH, DOCUMENT_PATH);
            return routes;
        }
        for (Map.Entry<String, SwaggerUi.Asset> asset : assets.entrySet()) {
            if (asset.getKey().isEmpty()) {
                Map<String, String> headers = new LinkedHashMap<>(NO_CACHE);
                headers.put("Content-Security-Policy", CSP);
                headers.put("X-Content-Type-Options", "nosniff");
                routes.add(get(PAGE_PATH, asset.getValue(), headers));
            } else {
                routes.add(get(PAGE_PATH + "/" + asset.getKey(), asset.getValue(), CACHE));
            }
        }
        return routes;
    }

    /** Sends the gzipped body to a client that accepts gzip, so that the event loop never compresses 1.6 MB. */
    private static Route get(String path, SwaggerUi.Asset asset, Map<String, String> headers) {
        Map<String, String> gzipHeaders = new LinkedHashMap<>(headers);
        gzipHeaders.put("Content-Encoding", "gzip");
        gzipHeaders.put("Vary", "Accept-Encoding");
        Map<String, String> plainHeaders = new LinkedHashMap<>(headers);
        if (asset.gzipped() != null) {
            plainHeaders.put("Vary", "Accept-Encoding");
        }
        return new Route(path, Set.of(HttpMethod.GET), false, exchange -> {
            if (asset.gzipped() != null && AcceptEncoding.allowsGzip(exchange.header("Accept-Encoding"))) {
                exchange.send(200, asset.contentType(), asset.gzipped(), gzipHeaders);
            } else {
                exchange.send(200, asset.contentType(), asset.body(), plainHeaders);
            }
        });
    }
}
