package dev.segment.jobs.cli;

import dev.segment.jobs.runtime.FlinkRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code segment submit COMMAND --jobmanager URL ...}: runs {@code rfm}, {@code run}, {@code
 * cluster}, {@code sessions} or {@code stream} with its usual options on a Flink cluster instead of
 * the embedded mini cluster. This process stays the client: it checks the options, records the run
 * in the store, sends the job graph with its jars to the JobManager over the REST API, shows
 * progress and publishes the results; the TaskManagers read the inputs and write the outputs and
 * the store, so paths must be ones the TaskManagers see (they are made absolute here) and the store
 * must be a server (PostgreSQL).
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        header = "Run rfm, run, cluster, sessions or stream on a Flink cluster (REST submission).",
        description = {
            "Example: segment submit run --jobmanager http://127.0.0.1:8081 --transactions"
                    + " tx.csv --out out/run --jdbc-url jdbc:postgresql://127.0.0.1:5432/test",
            "Every option after COMMAND is COMMAND's own (segment COMMAND --help lists them). The"
                    + " job goes to the JobManager with our jar and the libraries a Flink"
                    + " distribution does not hold (those of cluster/target/lib are left out);"
                    + " the cluster's slots, memory and state backend apply. Relative paths are"
                    + " made absolute, as the TaskManagers run elsewhere. The embedded store"
                    + " cannot be shared with TaskManager processes: use --jdbc-url (PostgreSQL)"
                    + " or --no-store. Interrupting an unbounded stream cancels its job.",
            "Start a local cluster with bin/flink-local start."
        })
final class SubmitCommand implements Callable<Integer> {

    /** The commands that run Flink jobs. */
    static final Set<String> COMMANDS = Set.of("rfm", "run", "cluster", "sessions", "stream");

    /** Options whose value is a file or directory the TaskManagers must find. */
    static final Set<String> PATH_OPTIONS =
            Set.of(
                    "--transactions",
                    "--out",
                    "--clicks",
                    "--features",
                    "--dead-letters",
                    "--init-centroids",
                    "--intent-rules",
                    "--persona-rules",
                    "--model",
                    "--previous-model",
                    "--checkpoint-dir");

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "COMMAND",
            description = "rfm, run, cluster, sessions or stream.")
    String command;

    @Parameters(
            index = "1..*",
            paramLabel = "OPTION",
            description = "COMMAND's own options and values.")
    List<String> options = new ArrayList<>();

    @Option(
            names = "--jobmanager",
            required = true,
            paramLabel = "URL",
            description = "The JobManager's REST endpoint, e.g. http://127.0.0.1:8081.")
    String jobmanager;

    @Override
    public Integer call() throws Exception {
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException(
                    "submit: COMMAND must be one of "
                            + new TreeSet<>(COMMANDS)
                            + " but was '"
                            + command
                            + "'");
        }
        URI uri = jobManagerUri(jobmanager);
        String overview = overview(uri);
        List<String> jars = userJars(OutputPaths.home());
        FlinkRunner.submitTo(new FlinkRunner.Remote(uri.getHost(), uri.getPort(), jars));
        spec.commandLine()
                .getOut()
                .printf("cluster: %s (%s); %d jars go with the job%n", uri, overview, jars.size());
        spec.commandLine().getOut().flush();
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(absolutePaths(options));
        try {
            return SegmentCli.execute(args.toArray(new String[0]));
        } finally {
            FlinkRunner.submitTo(null); // a test's later commands run locally again
        }
    }

    /** {@code --jobmanager} as a URI with host and port. */
    static URI jobManagerUri(String raw) {
        URI uri;
        try {
            uri = URI.create(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--jobmanager '" + raw + "' is not a URL like http://127.0.0.1:8081");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    "--jobmanager '"
                            + raw
                            + "' must be http://HOST:PORT (the JobManager's REST endpoint)");
        }
        return uri;
    }

    /** "2 TaskManagers, 4 slots (4 free)" from the cluster, or a configuration error. */
    static String overview(URI uri) {
        String body;
        try {
            HttpResponse<String> r =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(uri.resolve("/overview"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            body = r.body();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--jobmanager "
                            + uri
                            + ": no Flink JobManager answers there ("
                            + e.getMessage()
                            + "); start one with bin/flink-local start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return String.format(
                    java.util.Locale.ROOT,
                    "Flink %s, %d TaskManagers, %d slots (%d free)",
                    node.path("flink-version").asText("?"),
                    node.path("taskmanagers").asInt(),
                    node.path("slots-total").asInt(),
                    node.path("slots-available").asInt());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--jobmanager " + uri + ": the answer is not a Flink overview: " + body);
        }
    }

    /**
     * Our jar and the libraries it needs beyond what a Flink cluster provides: {@code
     * jobs/target/lib} without the jars the cluster's own lib holds ({@code cluster/target/lib},
     * the runtime of {@code bin/flink-local}, which a distribution's lib/ also has).
     */
    static List<String> userJars(Path home) throws IOException {
        Path jar = home.resolve("jobs/target/segment-jobs.jar");
        Path lib = home.resolve("jobs/target/lib");
        Path cluster = home.resolve("cluster/target/lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the job jar is not built: " + jar);
        }
        if (!Files.isDirectory(cluster)) {
            throw new IllegalStateException(
                    "the Flink runtime list is not built: "
                            + cluster
                            + " (mvn -pl cluster package, or bin/flink-local start)");
        }
        Set<String> provided = new TreeSet<>();
        try (Stream<Path> s = Files.list(cluster)) {
            s.forEach(p -> provided.add(p.getFileName().toString()));
        }
        List<String> jars = new ArrayList<>();
        jars.add(jar.toAbsolutePath().toString());
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> !provided.contains(p.getFileName().toString()))
                    .sorted()
                    .forEach(p -> jars.add(p.toAbsolutePath().toString()));
        }
        return jars;
    }

    /** The options with the values of {@link #PATH_OPTIONS} made absolute. */
    static List<String> absolutePaths(List<String> options) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            int eq = o.indexOf('=');
            if (o.startsWith("--") && eq > 0 && PATH_OPTIONS.contains(o.substring(0, eq))) {
                out.add(o.substring(0, eq + 1) + absolute(o.substring(eq + 1)));
            } else if (PATH_OPTIONS.contains(o) && i + 1 < options.size()) {
                out.add(o);
                out.add(absolute(options.get(++i)));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    private static String absolute(String path) {
        return Paths.get(path).toAbsolutePath().normalize().toString();
    }
}
