package dev.litserve4j.cli.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user's own jars, from {@code LITSERVE4J_CLASSPATH}, that an image needs beside litserve4j's:
 * dockerize copies them into {@code OUT/classpath/}, the one part of the output directory the build
 * sees, and puts that folder on the image's class path.
 */
final class UserJars {

    /** The folder, under the output directory and under /app in the image. */
    static final String FOLDER = "classpath";

    private static final Pattern JAR = Pattern.compile("(?i).+\\.jar");

    private UserJars() {
    }

    /**
     * The jars a class path names: jar files, and {@code dir/*} (every jar in dir, as java reads it).
     *
     * @throws IllegalArgumentException for a directory of classes, a missing file or two jars of one name
     */
    static List<Path> of(String classpath, Path workingDirectory) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (classpath == null || classpath.isBlank()) {
            return jars;
        }
        for (String entry : classpath.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = workingDirectory.resolve(entry);
            if (entry.endsWith("*")) {
                Path dir = workingDirectory.resolve(entry.substring(0, entry.length() - 1));
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("LITSERVE4J_CLASSPATH names " + entry + ", but " + dir
                            + " is not a directory");
                }
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> inside = Files.newDirectoryStream(dir)) {
                    inside.forEach(p -> {
                        if (Files.isRegularFile(p) && JAR.matcher(p.getFileName().toString()).matches()) {
                            found.add(p);
                        }
                    });
                }
                found.sort(null); // java reads dir/* in no set order; a sorted one makes the output stable
                jars.addAll(found);
            } else if (Files.isDirectory(path)) {
                throw new IllegalArgumentException("LITSERVE4J_CLASSPATH names the directory " + path + ": dockerize "
                        + "copies jars into the image, so package those classes as a jar (jar --create ...) and name it");
            } else if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("LITSERVE4J_CLASSPATH names " + path + ", which does not exist");
            } else {
                jars.add(path);
            }
        }
        Set<String> names = new HashSet<>();
        for (Path jar : jars) {
            if (!names.add(jar.getFileName().toString())) {
                throw new IllegalArgumentException("LITSERVE4J_CLASSPATH has two jars named " + jar.getFileName()
                        + ": they would replace each other in " + FOLDER + "/; rename one");
            }
        }
        return jars; // in the order given: the image's class path names each, in this order
    }

    /**
     * Refuses when {@code out/classpath/} holds a file that is not one of {@code jars}: it would go into
     * the image with them, and dockerize deletes nothing.
     */
    static void checkNoOthers(Path out, List<Path> jars) throws IOException {
        Path folder = out.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return;
        }
        Set<String> ours = new HashSet<>();
        jars.forEach(jar -> ours.add(jar.getFileName().toString()));
        try (DirectoryStream<Path> inside = Files.newDirectoryStream(folder)) {
            for (Path p : inside) {
                if (!ours.contains(p.getFileName().toString())) {
                    throw new IllegalArgumentException(p + " is not on LITSERVE4J_CLASSPATH but would go into the "
                            + "image: remove it");
                }
            }
        }
    }
}
