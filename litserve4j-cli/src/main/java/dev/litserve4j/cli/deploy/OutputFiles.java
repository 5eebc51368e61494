package dev.litserve4j.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated files for one directory, written all or none: without {@code --force}, a file that is
 * already there stops the whole write before anything is touched.
 */
final class OutputFiles {

    /** A file that would be replaced without {@code --force}. */
    static final class ExistsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ExistsException(Path file, boolean directory) {
            super(file + (directory ? " is a directory: remove it or write elsewhere with --out"
                    : " already exists: pass --force to replace it"));
        }
    }

    private final Path directory;
    private final boolean force;
    private final Map<Path, Object> files = new LinkedHashMap<>(); // a String to write, or a Path to copy

    OutputFiles(Path directory, boolean force) {
        this.directory = directory;
        this.force = force;
    }

    OutputFiles text(String name, String content) {
        files.put(directory.resolve(name), content);
        return this;
    }

    OutputFiles copy(String name, Path source) {
        files.put(directory.resolve(name), source);
        return this;
    }

    /**
     * Writes every file, creating the directories it needs.
     *
     * @return the files written, in the order they were added
     * @throws ExistsException when one exists and {@code --force} was not given; nothing is written then
     */
    List<Path> write() throws IOException {
        for (Path file : files.keySet()) {
            if (Files.isDirectory(file) || (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS))) {
                throw new ExistsException(file, Files.isDirectory(file));
            }
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Object> file : files.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            if (file.getValue() instanceof Path source) {
                Files.copy(source, file.getKey(), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.writeString(file.getKey(), (String) file.getValue(), StandardCharsets.UTF_8);
            }
            written.add(file.getKey());
        }
        return written;
    }
}
