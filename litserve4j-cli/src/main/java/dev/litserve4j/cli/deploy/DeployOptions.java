package dev.litserve4j.cli.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of {@code dockerize} and {@code kubernetes} that are not serve flags: where to write and
 * what to call things. Everything else on the command line is the serve command, passed on as it is.
 *
 * @param out the directory the files are written to
 * @param force whether files already there are replaced
 * @param name the name of the image and of the Kubernetes objects, null to derive it from the API
 * @param image the image to build or run, null for {@code NAME:latest}
 * @param replicas the fewest pods the autoscaler keeps
 * @param maxReplicas the most pods the autoscaler makes
 * @param cpu the CPU each pod requests (Kubernetes quantity)
 * @param memory the memory each pod requests and is limited to (Kubernetes quantity)
 * @param startupSeconds how long a pod may take from start to an open port (every worker's setup)
 * @param serveArgs the rest: the LitApi class, if any, and the serve flags
 */
public record DeployOptions(Path out, boolean force, String name, String image, int replicas, int maxReplicas,
        String cpu, String memory, int startupSeconds, List<String> serveArgs) {

    /** The options {@code dockerize} takes. */
    public static final Set<String> DOCKERIZE = Set.of("--out", "--force", "--name", "--image");
    /** The options {@code kubernetes} takes. */
    public static final Set<String> KUBERNETES = Set.of("--out", "--force", "--name", "--image", "--replicas",
            "--max-replicas", "--cpu", "--memory", "--startup-timeout");

    private static final Set<String> ALL = KUBERNETES;
    // A DNS-1035 label: what a Service name must be. Suffixes such as -shutdown-key still fit in 63.
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,38}[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

    /**
     * Takes the deploy options out of {@code args}, wherever they are.
     *
     * @param accepted the options this command takes; another deploy option is refused by name
     * @param workingDirectory where {@code --out} defaults to and relative paths start
     * @throws IllegalArgumentException naming the option and the bad value
     */
    public static DeployOptions parse(String command, List<String> args, Set<String> accepted, Path workingDirectory) {
        Path out = workingDirectory;
        boolean force = false;
        String name = null;
        String image = null;
        int replicas = 2;
        Integer maxReplicas = null;
        String cpu = "1";
        String memory = "1Gi";
        int startup = 120;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String option = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (!ALL.contains(option)) {
                rest.add(arg);
                continue;
            }
            if (!accepted.contains(option)) {
                throw new IllegalArgumentException(command + " has no option " + option);
            }
            if (option.equals("--force")) {
                if (eq > 0) {
                    throw new IllegalArgumentException("--force takes no value, got " + arg);
                }
                force = true;
                continue;
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
            switch (option) {
                case "--out" -> out = workingDirectory.resolve(value);
                case "--name" -> name = checked(option, value, NAME, "a lower-case name of at most 40 letters, digits"
                        + " and '-', starting with a letter, such as square-api");
                case "--image" -> image = checked(option, value, Pattern.compile("\\S+"), "an image reference such as"
                        + " registry.example.com/team/square-api:1.0");
                case "--replicas" -> replicas = atLeast(option, value, 1);
                case "--max-replicas" -> maxReplicas = atLeast(option, value, 1);
                case "--cpu" -> cpu = checked(option, value, QUANTITY, "a Kubernetes quantity such as 1, 2 or 500m");
                case "--memory" -> memory = checked(option, value, QUANTITY, "a Kubernetes quantity such as 1Gi or"
                        + " 512Mi");
                case "--startup-timeout" -> startup = atLeast(option, value, 1);
                default -> throw new IllegalStateException(option);
            }
        }
        int max = maxReplicas != null ? maxReplicas : 2 * replicas;
        if (max < replicas) {
            throw new IllegalArgumentException("--max-replicas (" + max + ") must be at least --replicas (" + replicas
                    + ")");
        }
        return new DeployOptions(out.toAbsolutePath().normalize(), force, name, image, replicas, max, cpu, memory,
                startup, List.copyOf(rest));
    }

    /** The name, or one made from the API's simple class name ({@code SquareApi}: {@code square-api}). */
    public String nameFor(String apiClassName) {
        if (name != null) {
            return name;
        }
        if (apiClassName == null) {
            return "litserve4j";
        }
        String simple = apiClassName.substring(apiClassName.lastIndexOf('.') + 1);
        String kebab = simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+|-+$", "");
        kebab = kebab.length() > 40 ? kebab.substring(0, 40).replaceAll("-+$", "") : kebab;
        return kebab.isEmpty() ? "litserve4j" : kebab;
    }

    /** The image reference: {@code --image}, else {@code NAME:latest}. */
    public String imageFor(String apiClassName) {
        return image != null ? image : nameFor(apiClassName) + ":latest";
    }

    private static String checked(String option, String value, Pattern pattern, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(option + " needs " + expected + ", got '" + value + "'");
        }
        return value;
    }

    private static int atLeast(String option, String value, int least) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " needs a whole number >= " + least + ", got '" + value + "'");
    }
}
