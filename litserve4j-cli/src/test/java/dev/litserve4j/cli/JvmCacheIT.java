package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jvm-cache-options, as bin/litserve4j runs it before {@code serve}: the first launch records a class-data
 * archive (the AOT cache on JDK 25+, dynamic CDS before) that the JVM writes at its graceful stop, and the next
 * launch starts from it. Runs on the JDK running the tests, so CI covers both 17 and 25.
 */
class JvmCacheIT {

    private static final Path SCRIPT = Paths.get("..", "bin", "jvm-cache-options").toAbsolutePath().normalize();
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final int FEATURE = Runtime.version().feature();

    @TempDir
    Path dir;

    /** What the script printed, one option a line, and what it said on stderr. */
    private record Options(List<String> options, String said) {
    }

    private Options options(String classpath, String api, long launcher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), JAVA, classpath, api, Long.toString(launcher));
        builder.environment().put("LITSERVE4J_JVM_CACHE", dir.resolve("cache").toString());
        builder.redirectError(dir.resolve("said.txt").toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new Options(out.lines().toList(), Files.readString(dir.resolve("said.txt")));
    }

    /** The test class path with every directory packed into a jar: CDS archives classes from jars only. */
    private String jarredClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else if (Files.exists(path)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** Serves SquareApi with these JVM options until it listens, stops it with SIGTERM, returns its output. */
    private String serveAndStop(String classpath, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, Main.class.getName(), "serve", "SquareApi",
                "--host", "127.0.0.1", "--port", "0"));
        Path log = Files.createTempFile(dir, "serve", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("listening on http://")) {
                assertThat(process.isAlive()).as("the server exited early: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("no 'listening' within 30 s: %s", Files.readString(log))
                        .isLessThan(deadline);
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            // the JVM writes the archive as it exits; JDK 25 assembles the AOT cache in a child JVM first
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
            return Files.readString(log);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theFirstLaunchRecordsAnArchiveAtItsStopAndTheNextStartsFromIt() throws Exception {
        String classpath = jarredClassPath();
        long self = ProcessHandle.current().pid();

        Options first = options(classpath, "SquareApi", self);
        Path archive;
        if (FEATURE >= 19 && FEATURE < 25) {
            assertThat(first.options()).hasSize(2).first().isEqualTo("-XX:+AutoCreateSharedArchive");
            archive = Paths.get(first.options().get(1).substring("-XX:SharedArchiveFile=".length()));
        } else {
            String flag = FEATURE >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
            assertThat(first.options()).hasSize(2).first().asString().startsWith(flag);
            assertThat(first.options().get(1)).isEqualTo(FEATURE >= 25 ? "-Xlog:aot=error" : "-Xlog:cds=error");
            assertThat(first.said()).contains("recording a JVM archive");
            archive = Paths.get(first.options().get(0).substring(flag.length()));
        }
        assertThat(archive).doesNotExist();

        serveAndStop(classpath, first.options());
        assertThat(archive).exists().isNotEmptyFile();

        Options second = options(classpath, "SquareApi", self);
        if (FEATURE < 19 || FEATURE >= 25) {
            String flag = FEATURE >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
            assertThat(second.options()).containsExactly(flag + archive);
            assertThat(second.said()).contains("starting from the JVM archive");
        } else {
            assertThat(second.options()).isEqualTo(first.options());
        }
        Path loads = dir.resolve("class-load.log");
        List<String> withLog = new ArrayList<>(second.options());
        withLog.add("-Xlog:class+load=info:file=" + loads);
        serveAndStop(classpath, withLog);
        // the launcher's own classes came from the archive, not from their jar
        assertThat(Files.readAllLines(loads)).anyMatch(line ->
                line.contains(" " + Main.class.getName() + " source: shared objects file"));
    }

    @Test
    void aChangedJarOnTheClassPathGetsAnotherArchive() throws Exception {
        Path jar = dir.resolve("api.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.flush();
        }
        String classpath = jar.toString();
        Path before = archiveOf(options(classpath, "SquareApi", ProcessHandle.current().pid()));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Path after = archiveOf(options(classpath, "SquareApi", ProcessHandle.current().pid()));

        assertThat(after).isNotEqualTo(before);
        assertThat(archiveOf(options(classpath, "OtherApi", ProcessHandle.current().pid()))).isNotEqualTo(after);
    }

    @Test
    void whileOneLaunchRecordsAnotherStartsWithoutAnArchive() throws Exception {
        // with AutoCreateSharedArchive (JDK 19-24) the JVM itself handles concurrent launches
        assumeFalse(FEATURE >= 19 && FEATURE < 25);
        Path jar = Files.createFile(dir.resolve("empty.jar"));
        Options recording = options(jar.toString(), "SquareApi", ProcessHandle.current().pid());
        assertThat(recording.options()).hasSize(2);

        Options other = options(jar.toString(), "SquareApi", ProcessHandle.current().pid());
        assertThat(other.options()).isEmpty();
        assertThat(other.said()).contains("another launch (" + ProcessHandle.current().pid() + ") is recording");
    }

    @Test
    void offPrintsNoOption() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), JAVA, "x.jar", "SquareApi");
        builder.environment().put("LITSERVE4J_JVM_CACHE", "off");
        Process process = builder.start();
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    private static Path archiveOf(Options options) {
        String file = options.options().stream().filter(o -> o.contains("Archive") || o.contains("AOTCache"))
                .reduce((a, b) -> b).orElseThrow();
        return Paths.get(file.substring(file.indexOf('=') + 1));
    }
}
