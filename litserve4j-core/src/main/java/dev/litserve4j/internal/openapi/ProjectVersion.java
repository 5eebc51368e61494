package dev.litserve4j.internal.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** litserve4j's version, as the build wrote it into {@code version.properties}. */
public final class ProjectVersion {

    private static final String VERSION = read();

    private ProjectVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version; // a build that did not filter resources
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read litserve4j's version.properties", e);
        }
    }
}
