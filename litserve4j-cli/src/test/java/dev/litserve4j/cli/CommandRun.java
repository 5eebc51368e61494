package dev.litserve4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One run of the launcher's {@code Main.run} in this JVM, with what it printed and its exit code. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(Map<String, String> env, Path workingDirectory, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, env, workingDirectory);
        }
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code command [LitApi class] flags... --out dir}. */
    static CommandRun in(Path out, String command, String... rest) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(Arrays.asList(rest));
        args.add("--out");
        args.add(out.toString());
        return of(Map.of(), out, args.toArray(String[]::new));
    }
}
