package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker/: no Docker engine runs here, so the compose file is checked statically: Debian's
 * docker-compose accepts it, and its images, ports and environment agree with the pom and the
 * code's defaults (a version bump in the pom that the compose file misses fails here).
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path compose = Path.of("/usr/bin/docker-compose");
        assertTrue(
                Files.isExecutable(compose),
                "no docker-compose: this test checks docker/docker-compose.yml with it"
                        + " (apt-get install docker-compose; .ci/run installs it)");
        Process p =
                new ProcessBuilder(compose.toString(), "-f", "docker-compose.yml", "config", "-q")
                        .directory(ROOT.resolve("docker").toFile())
                        .redirectErrorStream(true)
                        .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesPortsAndEnvironmentMatchThePomAndTheCode() throws Exception {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Map<String, Object> compose =
                (Map<String, Object>)
                        new Load(LoadSettings.builder().build())
                                .loadFromString(
                                        Files.readString(
                                                ROOT.resolve("docker/docker-compose.yml")));
        Map<String, Map<String, Object>> services =
                (Map<String, Map<String, Object>>) compose.get("services");
        // YAML 1.2 has no merge keys: apply "<<: *segment" as docker-compose does
        for (Map<String, Object> service : services.values()) {
            Object base = service.remove("<<");
            if (base instanceof Map<?, ?> m) {
                m.forEach((k, v) -> service.putIfAbsent((String) k, v));
            }
        }

        // Flink: the official image of the pinned version, for JobManager and TaskManager
        String flink = "flink:" + property(pom, "flink.version") + "-java17";
        assertEquals(flink, services.get("jobmanager").get("image"));
        assertEquals(flink, services.get("taskmanager").get("image"));
        assertEquals(
                "apache/kafka:" + property(pom, "kafka.version"),
                services.get("kafka").get("image"));
        assertEquals(
                "postgres:15",
                services.get("postgres").get("image"),
                "the PostgreSQL of the tests");

        // ports: Flink's REST default, the broker's port bin/segment kafka-local uses, PostgreSQL's
        int rest = RestOptions.PORT.defaultValue();
        assertEquals(List.of(rest + ":" + rest), services.get("jobmanager").get("ports"));
        assertEquals(List.of("9092:9092"), services.get("kafka").get("ports"));
        assertEquals(
                "9092",
                new picocli.CommandLine(new KafkaLocalCommand())
                        .getCommandSpec()
                        .findOption("--port")
                        .defaultValue());
        assertEquals(List.of("5432:5432"), services.get("postgres").get("ports"));

        // the job containers: submit to that JobManager, the store that PostgreSQL serves, the
        // broker that Kafka advertises, and the data the generator writes
        Map<String, Object> pg = (Map<String, Object>) services.get("postgres").get("environment");
        for (String name : List.of("schema", "generate", "run", "replay", "stream")) {
            Map<String, Object> service = services.get(name);
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            assertEquals(
                    "jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"),
                    env.get("SEGMENT_JDBC_URL"),
                    name);
            assertEquals(pg.get("POSTGRES_USER"), env.get("PGUSER"), name);
            assertEquals(pg.get("POSTGRES_PASSWORD"), env.get("PGPASSWORD"), name);
            List<String> command = (List<String>) service.get("command");
            if (command.get(0).equals("submit")) {
                assertTrue(SubmitCommand.COMMANDS.contains(command.get(1)), name);
                assertEquals(
                        "http://jobmanager:" + rest,
                        command.get(command.indexOf("--jobmanager") + 1),
                        name);
            }
            if (command.contains("--bootstrap-servers")) {
                Map<String, Object> kafka =
                        (Map<String, Object>) services.get("kafka").get("environment");
                assertEquals(
                        "PLAINTEXT://" + command.get(command.indexOf("--bootstrap-servers") + 1),
                        kafka.get("KAFKA_ADVERTISED_LISTENERS"),
                        name);
            }
            for (String option : List.of("--transactions", "--clicks")) {
                if (command.contains(option)) {
                    String path = command.get(command.indexOf(option) + 1);
                    List<String> generate = (List<String>) services.get("generate").get("command");
                    assertTrue(
                            path.startsWith(generate.get(generate.indexOf("--out") + 1) + "/"),
                            name + " reads what generate writes: " + path);
                }
            }
            assertTrue(
                    ((List<String>) service.get("volumes")).contains("data:/data"),
                    name + " shares the data volume with the TaskManagers");
        }
        for (String name : List.of("jobmanager", "taskmanager")) {
            String props =
                    (String)
                            ((Map<String, Object>) services.get(name).get("environment"))
                                    .get("FLINK_PROPERTIES");
            assertTrue(props.contains("jobmanager.rpc.address: jobmanager"), name);
            assertTrue(props.contains("state.backend.type: rocksdb"), name);
            assertTrue(
                    ((List<String>) services.get(name).get("volumes")).contains("data:/data"),
                    name);
        }

        // the job image: the Java the project builds for, the same as Flink's image
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        assertTrue(dockerfile.contains("FROM maven:3.9-eclipse-temurin-17 AS build"), dockerfile);
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), dockerfile);
        assertTrue(flink.endsWith("-java17"));
        assertTrue(
                dockerfile.contains("COPY --from=build /src/cluster/target/lib cluster/target/lib"),
                "submit needs the list of jars the cluster holds");
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name);
        return m.group(1);
    }
}
