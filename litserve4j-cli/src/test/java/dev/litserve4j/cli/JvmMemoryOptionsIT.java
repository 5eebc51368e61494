package dev.litserve4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bin/jvm-memory-options, as bin/litserve4j runs it before {@code serve}: the native-heap trim for JDKs that know
 * the option, nothing for those that would refuse to start with it. The JDK running the tests is checked for real
 * (so CI covers 17 and 25); other versions through JDK homes that are only a {@code release} file and a stub.
 */
class JvmMemoryOptionsIT {

    private static final Path SCRIPT = Paths.get("..", "bin", "jvm-memory-options").toAbsolutePath().normalize();
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final String TRIM = "-XX:TrimNativeHeapInterval=5000";

    @TempDir
    Path dir;

    @Test
    void theJdkUnderTestGetsTheTrimAndStartsWithIt() throws Exception {
        List<String> options = options(JAVA, Map.of());
        assertThat(options).containsExactly(TRIM); // both JDKs of CI (17.0.15, 25) know it

        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(said).isZero();
        assertThat(said).doesNotContain("Unrecognized");
    }

    @ParameterizedTest(name = "JAVA_VERSION=\"{0}\" gets the trim: {1}")
    @CsvSource({
        "17.0.8, false", "17.0.9, true", "17.0.15, true", "18.0.2, false", "20.0.2, false",
        "21, false", "21.0.1, true", "22, true", "25.0.3, true"
    })
    void onlyJdksThatKnowTheOptionGetIt(String version, boolean trims) throws Exception {
        assertThat(options(fakeJdk("JAVA_VERSION=\"" + version + "\"\n"), Map.of()))
                .isEqualTo(trims ? List.of(TRIM) : List.of());
    }

    @Test
    void aJdkWhoseVersionCannotBeReadGetsNothing() throws Exception {
        assertThat(options(fakeJdk("IMPLEMENTOR=\"nobody\"\n"), Map.of())).isEmpty();
        Path noRelease = fakeJdk(null);
        assertThat(options(noRelease, Map.of())).isEmpty();
    }

    @Test
    void offPrintsNothing() throws Exception {
        assertThat(options(JAVA, Map.of("LITSERVE4J_TRIM_NATIVE_HEAP", "off"))).isEmpty();
    }

    private List<String> options(Object java, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), java.toString());
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve("said.txt").toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("said.txt"))).isZero();
        return out.lines().toList();
    }

    /** A JDK home of a release file (none when null) and a bin/java the script only resolves, never runs. */
    private Path fakeJdk(String release) throws Exception {
        Path home = Files.createTempDirectory(dir, "jdk");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (release != null) {
            Files.writeString(home.resolve("release"), release);
        }
        return java;
    }
}
