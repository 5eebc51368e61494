package dev.litserve4j.cli.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The litserve4j checkout an image is built from: its root and the modules its parent pom lists
 * (Maven reads every one of them, even to build only the launcher).
 */
public record SourceTree(Path root, List<String> modules) {

    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    /** The checkout that holds {@code type}'s class files or jar (target/classes, target/*.jar). */
    public static SourceTree containing(Class<?> type) {
        Path location;
        try {
            location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalArgumentException("cannot tell where litserve4j runs from: " + e);
        }
        for (Path dir = location; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("litserve4j-cli/pom.xml"))) {
                return at(dir);
            }
        }
        throw new IllegalArgumentException("dockerize builds the image from the litserve4j source tree, and "
                + location + " is not inside one: run bin/litserve4j from a litserve4j checkout");
    }

    /** The checkout at {@code root}. */
    public static SourceTree at(Path root) {
        String pom;
        try {
            pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + root.resolve("pom.xml") + ": " + e.getMessage());
        }
        List<String> modules = new ArrayList<>();
        for (Matcher m = MODULE.matcher(pom); m.find(); ) {
            modules.add(m.group(1));
        }
        if (modules.isEmpty()) {
            throw new IllegalArgumentException(root.resolve("pom.xml") + " lists no modules: not a litserve4j checkout");
        }
        return new SourceTree(root, List.copyOf(modules));
    }
}
