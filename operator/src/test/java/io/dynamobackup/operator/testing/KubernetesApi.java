package io.dynamobackup.operator.testing;

import io.dynamobackup.operator.common.KubernetesJson;
import io.dynamobackup.kube.ApiServer;
import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The project's Kubernetes API server (module kube-apiserver: schema, CEL, RBAC, server-side apply enforced) with the
 * generated CRDs and the Helm chart's RBAC (helm/rendered/operator-rbac.yaml) installed. Tests use an admin client;
 * the operator gets a client of the chart's ServiceAccount, so it has exactly the chart's permissions.
 */
public final class KubernetesApi implements AutoCloseable {
  private final ApiServer server;
  private final KubernetesClient client;
  private final String operatorToken;

  public KubernetesApi(Clock clock) {
    this(clock, UnaryOperator.identity());
  }

  /** With the chart's RBAC as {@code editRbac} changes it, e.g. to remove a verb. */
  public KubernetesApi(Clock clock, UnaryOperator<String> editRbac) {
    server = new ApiServer(clock).start("127.0.0.1", 0);
    client = client(null);
    try (var files = Files.list(CrdFiles.crdDirectory())) {
      for (Path file : files.sorted().toList()) {
        server.createAll(Files.readString(file));
      }
      server.createAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n");
      operatorToken = server.installServiceAccount(editRbac.apply(Files.readString(rbacFile())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart's RBAC rendered with default values; {@code bash helm/test.sh} keeps it current. */
  public static Path rbacFile() {
    return CrdFiles.projectRoot().resolve("helm/rendered/operator-rbac.yaml");
  }

  /** An administrator's client (kubectl's default user). */
  public KubernetesClient client() {
    return client;
  }

  /** A new client authenticated as the chart's ServiceAccount, as the operator's pod would be; the caller closes it. */
  public KubernetesClient operatorClient() {
    return client(operatorToken);
  }

  public ApiServer server() {
    return server;
  }

  private KubernetesClient client(String token) {
    ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default")
        .withRequestTimeout(30_000);
    return new KubernetesClientBuilder().withKubernetesSerialization(KubernetesJson.serialization())
        .withConfig((token == null ? config : config.withOauthToken(token)).build())
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
