package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The Dockerfile's invariants: no registry is reachable in CI, so its contract is checked statically. */
class DockerfileTest {
  static final Path ROOT = CrdFiles.projectRoot();

  record Instruction(String keyword, String arguments) {}

  /** Instructions with continuation lines joined and comments dropped. */
  static List<Instruction> instructions(String dockerfile) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      if (!text.isEmpty()) {
        int space = text.indexOf(' ');
        out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
      }
    }
    return out;
  }

  /** operator/target/<artifactId>-<version>-<shadedClassifierName>.jar as operator/pom.xml configures the shade plugin. */
  static String shadedJar() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(ROOT.resolve("operator/pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifactId = child(project, "artifactId");
    String version = child(project, "version");
    if (version == null) {
      version = child((Element) project.getElementsByTagName("parent").item(0), "version");
    }
    String classifier = pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().strip();
    return "operator/target/" + artifactId + "-" + version + "-" + classifier + ".jar";
  }

  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    return null;
  }

  @Test
  void buildsTheShadedJarWithMavenAndRunsItOnAJava17Jre() throws Exception {
    List<Instruction> steps = instructions(Files.readString(ROOT.resolve("Dockerfile")));
    List<Instruction> froms = steps.stream().filter(i -> i.keyword().equals("FROM")).toList();
    assertThat(froms).as("multi-stage: a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
    assertThat(froms.get(0).arguments()).matches("maven:3\\.9-eclipse-temurin-17 AS \\w+");
    String buildStage = froms.get(0).arguments().replaceAll(".* AS ", "");
    assertThat(froms.get(froms.size() - 1).arguments()).as("runtime: a Java 17 JRE, not a JDK")
        .matches("eclipse-temurin:17-jre(@sha256:[0-9a-f]{64})?");

    assertThat(steps).as("the build runs the README's package command")
        .anySatisfy(i -> assertThat(i.keyword() + " " + i.arguments())
            .matches("RUN .*mvn -B .*-pl operator -am package -DskipTests.*"));

    String jar = shadedJar();
    assertThat(jar).isEqualTo("operator/target/operator-0.1.0-SNAPSHOT-all.jar");
    Instruction copy = steps.stream().filter(i -> i.keyword().equals("COPY") && i.arguments().startsWith("--from="))
        .findFirst().orElseThrow();
    Matcher copied = Pattern.compile("--from=(\\S+) (\\S+) (\\S+)").matcher(copy.arguments());
    assertThat(copied.matches()).as(copy.arguments()).isTrue();
    assertThat(copied.group(1)).isEqualTo(buildStage);
    assertThat(copied.group(2)).as("the jar the shade plugin writes (operator/pom.xml)").endsWith("/" + jar);

    Instruction entrypoint = steps.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b)
        .orElseThrow();
    @SuppressWarnings("unchecked")
    List<String> command = Serialization.unmarshal(entrypoint.arguments(), List.class);
    assertThat(command).as("exec form, so java is PID 1 and receives SIGTERM").startsWith("java")
        .contains("-XX:MaxRAMPercentage=75").containsSubsequence("-jar", copied.group(3));
  }

  @Test
  void runsAsTheNonRootUserTheChartExpects() throws IOException {
    List<Instruction> steps = instructions(Files.readString(ROOT.resolve("Dockerfile")));
    String user = steps.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow().arguments();
    assertThat(user).as("numeric, so runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
    String uid = user.split(":")[0];
    assertThat(uid).isNotEqualTo("0");
    int lastFrom = -1;
    int lastUser = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      } else if (steps.get(i).keyword().equals("USER")) {
        lastUser = i;
      }
    }
    assertThat(lastUser).as("USER is set in the runtime stage").isGreaterThan(lastFrom);

    @SuppressWarnings("unchecked")
    Map<String, Object> values = Serialization.unmarshal(
        Files.readString(ROOT.resolve("helm/dynamo-backup-operator/values.yaml")), Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> securityContext = (Map<String, Object>) values.get("securityContext");
    assertThat(String.valueOf(securityContext.get("runAsUser"))).as("chart securityContext.runAsUser").isEqualTo(uid);
  }

  @Test
  void contextLeavesOutBuildOutputAndKeepsTheSources() throws IOException {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(ignored).as("stale local jars must not leak into the image").contains("**/target/");
    assertThat(ignored).as("the build needs the poms and sources")
        .noneMatch(l -> l.matches("(\\*\\*/)?(pom\\.xml|operator/?|operator/src/?|local-aws/?|\\*)"));
  }

  @Test
  void chartAppVersionIsTheReleasedProjectVersion() throws Exception {
    String chart = Files.readString(ROOT.resolve("helm/dynamo-backup-operator/Chart.yaml"));
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = Serialization.unmarshal(chart, Map.class);
    String projectVersion = shadedJar().replaceAll(".*/operator-(.*)-all\\.jar", "$1");
    assertThat(meta.get("apiVersion")).isEqualTo("v2");
    assertThat(String.valueOf(meta.get("appVersion"))).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
  }
}
