package io.dynamobackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dynamobackup.operator.api.CrdFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC, as rendered with default values into helm/rendered/operator-rbac.yaml, grants exactly the
 * (API group, resource, verb) triples the operator uses: the test derives them from the Kubernetes client calls in
 * operator/src/main/java and from what JOSDK and fabric8 do for the code (informers, status patches, finalizers, the
 * leader election Lease), so a new call without its grant (403 on a real cluster) or a grant nobody uses any more fails
 * the build, naming the call site or the rule. The way {@link IamPolicyTest} checks the IAM policy.
 */
class RbacTest {
  static final Path ROOT = CrdFiles.projectRoot();
  static final Path RENDERED = ROOT.resolve("helm/rendered/operator-rbac.yaml");
  static final Path MAIN = ROOT.resolve("operator/src/main/java");
  static final String CHART_RULES = "helm/dynamo-backup-operator/templates/_helpers.tpl (dynamo-backup-operator.rules)";
  static final String LEASE_RULES = "helm/dynamo-backup-operator/templates/rbac.yaml (the leader election Role)";

  /** One permission: API group ("" for core), resource (with /subresource), verb. */
  record Grant(String group, String resource, String verb) implements Comparable<Grant> {
    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }

    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }
  }

  /** Client DSL methods that only narrow a request (namespace, name, selector) or move to an API group. */
  static final Set<String> NAVIGATION = Set.of("inNamespace", "inAnyNamespace", "withName", "withLabel", "withLabels",
      "withoutLabel", "withLabelSelector", "withField", "withFields", "withNewFilter", "v1", "coordination", "apps",
      "batch", "resource", "withTimeout", "withTimeoutInMillis", "withResourceVersion", "lockResourceVersion",
      "fromServer", "dryRun", "fieldManager", "forceConflicts", "withGracePeriod", "withPropagationPolicy");

  /** Client DSL methods of core/v1 and coordination resources to (group, resource). */
  static final Map<String, String[]> BUILT_IN = Map.of(
      "configMaps", new String[] {"", "configmaps"},
      "events", new String[] {"", "events"},
      "secrets", new String[] {"", "secrets"},
      "pods", new String[] {"", "pods"},
      "services", new String[] {"", "services"},
      "serviceAccounts", new String[] {"", "serviceaccounts"},
      "namespaces", new String[] {"", "namespaces"},
      "leases", new String[] {"coordination.k8s.io", "leases"});

  /** Client verbs to the RBAC verbs they need ({@code status:} on the status subresource). */
  static final Map<String, List<String>> VERBS = Map.ofEntries(
      Map.entry("get", List.of("get")),
      Map.entry("list", List.of("list")),
      Map.entry("watch", List.of("watch")),
      Map.entry("inform", List.of("list", "watch")),
      Map.entry("create", List.of("create")),
      Map.entry("createOrReplace", List.of("create", "get", "update")),
      Map.entry("update", List.of("get", "update")), // fabric8 reads the resourceVersion first when the item has none
      Map.entry("replace", List.of("get", "update")),
      Map.entry("patch", List.of("patch")),
      Map.entry("serverSideApply", List.of("patch")),
      Map.entry("edit", List.of("get", "patch")),
      Map.entry("accept", List.of("get", "patch")),
      Map.entry("editStatus", List.of("get", "status:patch")),
      Map.entry("patchStatus", List.of("status:patch")),
      Map.entry("updateStatus", List.of("status:get", "status:update")),
      Map.entry("replaceStatus", List.of("status:get", "status:update")),
      Map.entry("delete", List.of("delete")));

  @Test
  void renderedRbacGrantsExactlyWhatTheCodeUses() throws IOException {
    Map<Grant, Set<String>> used = scan(MAIN);
    Set<Grant> granted = new TreeSet<>();
    operatorRoles().forEach(role -> granted.addAll(grants(role)));

    assertThat(used).as("no Kubernetes call found under %s: the scanner no longer understands the code", MAIN)
        .containsKey(new Grant("dynamobackup.io", "dynamobackups", "create"));
    List<String> problems = new ArrayList<>();
    used.forEach((grant, sites) -> {
      if (!granted.contains(grant)) {
        problems.add("add \"" + grant + "\" to " + where(grant) + " (needed by " + String.join(", ", sites) + ")");
      }
    });
    for (Grant grant : granted) {
      if (!used.containsKey(grant)) {
        problems.add("remove \"" + grant + "\" from " + where(grant) + " (no call in operator/src/main/java needs it)");
      }
    }
    assertThat(problems).as("the chart's RBAC (%s, rewritten by HELM_UPDATE=1 bash helm/test.sh) and the operator's"
        + " Kubernetes calls disagree:%n  %s%n", ROOT.relativize(RENDERED),
        String.join(System.lineSeparator() + "  ", problems)).isEmpty();
  }

  private static String where(Grant grant) {
    return grant.resource().equals("leases") ? LEASE_RULES : CHART_RULES;
  }

  @Test
  void theLeaseIsGrantedOnlyInTheReleaseNamespaceAndOnlyByName() throws IOException {
    String code;
    try (Stream<Path> files = Files.walk(MAIN)) {
      code = files.filter(f -> f.toString().endsWith(".java")).map(RbacTest::read).collect(Collectors.joining());
    }
    assertThat(code).as("the operator names its Lease from leaderElection.leaseName, which the chart sets")
        .containsPattern("new\\s+LeaderElectionConfiguration\\s*\\(\\s*config\\.leaseName\\(\\)");
    List<JsonNode> roles = operatorRoles();
    for (JsonNode role : roles) {
      boolean leases = grants(role).stream().anyMatch(g -> g.resource().equals("leases"));
      boolean others = grants(role).stream().anyMatch(g -> !g.resource().equals("leases"));
      String name = role.path("kind").asText() + " " + role.at("/metadata/name").asText();
      assertThat(leases && others).as("%s mixes the Lease with the operator's resources", name).isFalse();
      if (leases) {
        assertThat(role.path("kind").asText()).as(name).isEqualTo("Role");
        // The chart names the Lease after the release (<fullname>), as its Role <fullname>-leader-election.
        String lease = role.at("/metadata/name").asText().replaceFirst("-leader-election$", "");
        for (JsonNode rule : role.path("rules")) {
          boolean onlyCreate = texts(rule.path("verbs")).equals(List.of("create"));
          assertThat(onlyCreate || texts(rule.path("resourceNames")).equals(List.of(lease)))
              .as("%s: every Lease verb but create is limited to the release's Lease %s: %s", name, lease, rule)
              .isTrue();
        }
      }
    }
  }

  @Test
  void scannerUnderstandsTheCallStyles() {
    String source = """
        package io.dynamobackup.operator.x;
        import io.dynamobackup.operator.api.v1alpha1.backup.DynamoBackup;
        import io.dynamobackup.operator.api.v1alpha1.plan.DynamoBackupPlan;
        import io.dynamobackup.operator.api.v1alpha1.restore.DynamoRestore;
        @ControllerConfiguration(name = "x")
        class X implements Reconciler<DynamoRestore>, Cleaner<DynamoRestore> {
          // client.secrets().list() in a comment is not a call
          String s = "client.pods().delete()";
          void a(KubernetesClient client, Context<DynamoRestore> context, DynamoBackupPlan plan) {
            var informer = InformerEventSourceConfiguration.from(DynamoBackup.class, DynamoRestore.class);
            DynamoBackup child = build();
            client.resource(child).create();
            client.resources(DynamoBackup.class).inNamespace("n")
                .withLabel("a", "b").list().getItems();
            var resource = client.resources(DynamoBackup.class).inNamespace("n").withName("x");
            resource.delete();
            context.getClient().resources(DynamoRestore.class).inNamespace("n").withName("r").editStatus(r -> r);
            client.configMaps().inNamespace("n").resource(configMap).createOr(NonDeletingOperation::update);
            new OwnerReferenceBuilder().withKind(plan.getKind()).withBlockOwnerDeletion(true).build();
            new LeaderElectionConfiguration("dynamo-backup-operator", null);
            X.latest(client, plan);
          }
          @SuppressWarnings("unchecked")
          static <R extends CustomResource<?, ?>> void latest(KubernetesClient client, R resource) {
            client.resources((Class<R>) resource.getClass()).inNamespace("n").withName("x").editStatus(r -> r);
          }
        }
        """;
    Map<Grant, Set<String>> used = scan(Map.of("X.java", source));
    assertThat(used.keySet()).extracting(Grant::toString).containsExactlyInAnyOrder(
        "list dynamorestores.dynamobackup.io", "watch dynamorestores.dynamobackup.io",
        "patch dynamorestores/status.dynamobackup.io", "get dynamorestores.dynamobackup.io",
        "patch dynamorestores.dynamobackup.io",
        "list dynamobackups.dynamobackup.io", "watch dynamobackups.dynamobackup.io",
        "create dynamobackups.dynamobackup.io", "delete dynamobackups.dynamobackup.io",
        "create configmaps", "get configmaps", "update configmaps",
        "update dynamobackupplans/finalizers.dynamobackup.io",
        "get leases.coordination.k8s.io", "create leases.coordination.k8s.io", "update leases.coordination.k8s.io",
        "patch leases.coordination.k8s.io",
        "get dynamobackupplans.dynamobackup.io", "patch dynamobackupplans/status.dynamobackup.io");
    assertThat(used.get(new Grant("dynamobackup.io", "dynamobackupplans/status", "patch")))
        .containsExactly("X.java:21 (X.java:25)");
    assertThat(used.get(new Grant("dynamobackup.io", "dynamobackups", "create"))).containsExactly("X.java:12");
  }

  // ---- the scanner ----

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Each grant the code needs, to the call sites (file:line, or what the framework does) that need it. */
  static Map<Grant, Set<String>> scan(Path sourceRoot) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        sources.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return scan(sources);
  }

  /** File name to source: every grant, including those of generic helpers resolved through their callers. */
  static Map<Grant, Set<String>> scan(Map<String, String> sources) {
    Map<Grant, Set<String>> used = new TreeMap<>();
    List<Generic> generics = new ArrayList<>();
    Set<String> accessors = new TreeSet<>(Set.of("getClient")); // JOSDK's Context.getClient()
    sources.values().forEach(raw -> accessors.addAll(clientAccessors(raw)));
    sources.forEach((name, raw) -> scanSource(name, raw, used, generics, accessors));
    for (Generic generic : generics) {
      boolean called = false;
      for (var file : sources.entrySet()) {
        String source = IamPolicyTest.stripCommentsAndStrings(file.getValue());
        Matcher call = Pattern.compile("\\.\\s*" + generic.method() + "\\s*\\(").matcher(source);
        while (call.find()) {
          List<String> args = arguments(source, call.end() - 1);
          String site = file.getKey() + ":" + line(source, call.start());
          if (generic.parameter() >= args.size()) {
            continue;
          }
          called = true;
          String[] resource = resourceOf(file.getValue(), typeOf(source, args.get(generic.parameter()).trim(),
              call.start(), site));
          for (String verb : generic.verbs()) {
            add(used, resource, verb, site + " (" + generic.site() + ")");
          }
        }
      }
      assertThat(called).as("%s: no caller of the generic %s() found", generic.site(), generic.method()).isTrue();
    }
    return used;
  }

  /** A client call on the class of a method's parameter: its resource is that of the callers' arguments. */
  private record Generic(String method, int parameter, List<String> verbs, String site) {}

  /** Methods that return the KubernetesClient, such as ReconcileContext.client(). */
  private static Set<String> clientAccessors(String raw) {
    Set<String> accessors = new TreeSet<>();
    Matcher accessor = Pattern.compile("\\bKubernetesClient\\s+(\\w+)\\s*\\(\\s*\\)").matcher(
        IamPolicyTest.stripCommentsAndStrings(raw));
    while (accessor.find()) {
      accessors.add(accessor.group(1));
    }
    return accessors;
  }

  private static void scanSource(String fileName, String raw, Map<Grant, Set<String>> used, List<Generic> generics,
      Set<String> accessors) {
    String source = IamPolicyTest.stripCommentsAndStrings(raw);
    // 1. JOSDK, for each reconciler: an informer (list, watch), status patches; with Cleaner also finalizers on the
    //    object (patch) and a re-read when a finalizer patch conflicts (get).
    if (source.contains("@ControllerConfiguration")) {
      // implements Reconciler<X>, or extends a base reconciler such as KindReconciler<X, S>
      Matcher reconciler = Pattern.compile("\\b\\w*Reconciler\\s*<\\s*(\\w+)\\s*[,>]").matcher(source);
      while (reconciler.find()) {
        String[] resource = resourceOf(raw, reconciler.group(1));
        String site = fileName + ":" + line(source, reconciler.start()) + " (JOSDK reconciler)";
        for (String verb : List.of("list", "watch", "status:patch")) {
          add(used, resource, verb, site);
        }
      }
      Matcher cleaner = Pattern.compile("\\bCleaner\\s*<\\s*(\\w+)\\s*>").matcher(source);
      while (cleaner.find()) {
        String site = fileName + ":" + line(source, cleaner.start()) + " (JOSDK finalizer)";
        for (String verb : List.of("get", "patch")) {
          add(used, resourceOf(raw, cleaner.group(1)), verb, site);
        }
      }
    }
    // 2. Informers of secondary resources.
    Matcher informer = Pattern.compile("InformerEventSourceConfiguration\\s*\\.\\s*from\\s*\\(\\s*(\\w+)\\s*\\.\\s*class")
        .matcher(source);
    while (informer.find()) {
      String site = fileName + ":" + line(source, informer.start()) + " (informer)";
      add(used, resourceOf(raw, informer.group(1)), "list", site);
      add(used, resourceOf(raw, informer.group(1)), "watch", site);
    }
    // 3. Leader election: JOSDK checks get, create and update on its Lease before it starts (SelfSubjectRulesReview);
    //    fabric8's LeaseLock reads it, creates it and renews it with a JSON merge patch.
    Matcher leader = Pattern.compile("\\bnew\\s+LeaderElectionConfiguration\\s*\\(").matcher(source);
    while (leader.find()) {
      String site = fileName + ":" + line(source, leader.start()) + " (leader election)";
      for (String verb : List.of("get", "create", "update", "patch")) {
        add(used, new String[] {"coordination.k8s.io", "leases"}, verb, site);
      }
    }
    // 4. blockOwnerDeletion on an owner reference needs update on the owner's finalizers subresource (admission
    //    plugin OwnerReferencesPermissionEnforcement).
    Matcher block = Pattern.compile("\\.\\s*withBlockOwnerDeletion\\s*\\(\\s*true\\s*\\)").matcher(source);
    while (block.find()) {
      Matcher kind = Pattern.compile("\\.\\s*withKind\\s*\\(\\s*(\\w+)\\s*\\.\\s*getKind\\s*\\(\\s*\\)\\s*\\)")
          .matcher(source.substring(0, block.start()));
      String owner = null;
      while (kind.find()) {
        owner = kind.group(1);
      }
      assertThat(owner).as("%s:%d: blockOwnerDeletion without .withKind(<owner>.getKind()) before it", fileName,
          line(source, block.start())).isNotNull();
      String[] resource = resourceOf(raw, typeOf(source, owner, block.start(), fileName));
      add(used, new String[] {resource[0], resource[1] + "/finalizers"}, "update",
          fileName + ":" + line(source, block.start()) + " (blockOwnerDeletion)");
    }
    // 5. Client calls: client.<resource>...<verb>(, also through a variable that holds the request.
    Set<String> clients = new TreeSet<>();
    Matcher declared = Pattern.compile("\\bKubernetesClient\\s+(\\w+)\\s*[=;,)]").matcher(source);
    while (declared.find()) {
      clients.add(declared.group(1));
    }
    String start = "(?<![\\w.])(?:(?:this\\s*\\.\\s*)?(?:" + String.join("|", clients.isEmpty() ? Set.of("\u0000")
        : clients) + ")|(?:\\w+\\s*\\.\\s*)?(?:" + String.join("|", accessors) + ")\\s*\\(\\s*\\))(?=\\s*\\.)";
    Matcher chain = Pattern.compile(start).matcher(source);
    while (chain.find()) {
      scanChain(fileName, raw, source, chain.start(), chain.end(), used, generics);
    }
  }

  /** One chain of client DSL calls from {@code from}: its resource, then its verb (or a variable that holds it). */
  private static void scanChain(String fileName, String raw, String source, int chainStart, int from,
      Map<Grant, Set<String>> used, List<Generic> generics) {
    String[] resource = null;
    Generic generic = null;
    boolean item = false; // resource(object): fabric8 addresses the request with the object instead of reading it
    int at = from;
    while (true) {
      Matcher call = Pattern.compile("\\G\\s*\\.\\s*(\\w+)\\s*\\(").matcher(source);
      if (!call.find(at)) {
        break;
      }
      String method = call.group(1);
      int close = closingParen(source, call.end() - 1);
      String args = source.substring(call.end(), close);
      String site = fileName + ":" + line(source, call.start(1));
      at = close + 1;
      if (resource == null) {
        Matcher ofParameter = Pattern.compile("^\\s*\\(\\s*Class\\s*<\\s*\\w+\\s*>\\s*\\)\\s*(\\w+)\\s*\\.\\s*getClass"
            + "\\s*\\(\\s*\\)\\s*$").matcher(args);
        if (method.equals("resources") && ofParameter.find()) {
          generic = generic(source, chainStart, ofParameter.group(1), site);
          resource = new String[] {"", ""};
          continue;
        }
        if (method.equals("resources")) {
          Matcher type = Pattern.compile("^\\s*(\\w+)\\s*\\.\\s*class\\s*$").matcher(args);
          assertThat(type.find()).as("%s: resources(%s) is not resources(X.class)", site, args).isTrue();
          resource = resourceOf(raw, type.group(1));
          continue;
        }
        if (method.equals("resource")) {
          item = true;
          Matcher built = Pattern.compile("^\\s*new\\s+(\\w+?)Builder\\s*\\(").matcher(args);
          resource = resourceOf(raw, built.find() ? built.group(1) : typeOf(source, args.trim(), call.start(), site));
          continue;
        }
        if (BUILT_IN.containsKey(method)) {
          resource = BUILT_IN.get(method);
          continue;
        }
        if (method.equals("getKubernetesSerialization")) {
          return; // the client's JSON mapping, no request
        }
        if (method.equals("raw")) { // client.raw("/api/v1/namespaces/" + ns + "/events", "POST", body)
          String literal = raw.substring(call.end(), closingParen(source, call.end() - 1));
          Matcher path = Pattern.compile("^\\s*\"/(?:api/v1|apis/([\\w.-]+)/\\w+)/.*?/(\\w+)\"\\s*,\\s*\"(\\w+)\"")
              .matcher(literal);
          assertThat(path.find()).as("%s: raw(%s) is not raw(\"/api/...\" + ... + \"/<resource>\", \"<METHOD>\", ...)",
              site, literal).isTrue();
          String verb = Map.of("POST", "create", "PUT", "update", "DELETE", "delete").get(path.group(3));
          assertThat(verb).as("%s: raw %s; teach RbacTest", site, path.group(3)).isNotNull();
          add(used, new String[] {path.group(1) == null ? "" : path.group(1), path.group(2)}, verb, site);
          return;
        }
      }
      if (NAVIGATION.contains(method)) {
        item |= method.equals("resource");
        continue;
      }
      assertThat(resource).as("%s: the scanner does not know the client method %s(); teach RbacTest", site, method)
          .isNotNull();
      List<String> verbs = new ArrayList<>();
      if (method.equals("createOr")) {
        verbs.add("create");
        if (args.contains("update")) {
          verbs.addAll(VERBS.get("update"));
        }
        if (args.contains("patch")) {
          verbs.add("patch");
        }
      } else {
        assertThat(VERBS).as("%s: the scanner does not know the client method %s(); teach RbacTest", site, method)
            .containsKey(method);
        verbs.addAll(VERBS.get(method));
        if (readsBeforePatch(method, raw.substring(call.end(), close), item)) {
          verbs.add("get");
        }
      }
      if (generic != null) {
        generics.add(new Generic(generic.method(), generic.parameter(), verbs, site));
        return;
      }
      for (String verb : verbs) {
        add(used, resource, verb, site);
      }
      return;
    }
    if (resource == null) {
      return; // the client itself is passed on, e.g. new EventRecorder(context.getClient(), clock)
    }
    // No verb: the request is kept in a variable (var resource = client.resources(X.class)...withName(n);).
    Matcher assigned = Pattern.compile("(\\w+)\\s*=\\s*$").matcher(source.substring(Math.max(0, chainStart - 200),
        chainStart));
    assertThat(assigned.find()).as("%s:%d: a client request without a verb that is not kept in a variable", fileName,
        line(source, chainStart)).isTrue();
    Matcher use = Pattern.compile("(?<![\\w.])" + Pattern.quote(assigned.group(1)) + "\\s*\\.\\s*(\\w+)\\s*\\(")
        .matcher(source);
    while (use.find()) {
      if (VERBS.containsKey(use.group(1))) {
        List<String> verbs = new ArrayList<>(VERBS.get(use.group(1)));
        if (readsBeforePatch(use.group(1), raw.substring(use.end(), closingParen(source, use.end() - 1)), item)) {
          verbs.add("get");
        }
        for (String verb : verbs) {
          add(used, resource, verb, fileName + ":" + line(source, use.start(1)));
        }
      }
    }
  }

  /**
   * fabric8's {@code patch(String)} and {@code patch(PatchContext, String)} on a request addressed by name
   * ({@code withName(n)}, not {@code resource(object)}) GET the object before they PATCH it, so they need get too.
   * A text patch is recognised by a string literal in its arguments.
   */
  private static boolean readsBeforePatch(String method, String rawArguments, boolean item) {
    return method.equals("patch") && !item && rawArguments.contains("\"");
  }

  /** The method around {@code at} whose parameter {@code parameter} the call is made on, and the parameter's index. */
  private static Generic generic(String source, int at, String parameter, String site) {
    Matcher declaration = Pattern.compile("(\\w+)\\s*\\(([^()]*)\\)\\s*(?:throws[^{;]*)?\\{").matcher(source);
    Generic found = null;
    while (declaration.find() && declaration.start() < at) {
      List<String> names = new ArrayList<>();
      for (String declared : declaration.group(2).split(",")) {
        String[] words = declared.trim().split("\\s+");
        names.add(words[words.length - 1]);
      }
      if (names.contains(parameter)) {
        found = new Generic(declaration.group(1), names.indexOf(parameter), List.of(), site);
      }
    }
    assertThat(found).as("%s: the client call is on %s.getClass(), which is not a parameter", site, parameter)
        .isNotNull();
    return found;
  }

  /** The arguments of the call whose parenthesis opens at {@code open}, split at top-level commas. */
  private static List<String> arguments(String source, int open) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '(' || c == '{') {
        depth++;
      } else if (c == ')' || c == '}') {
        if (--depth == 0) {
          args.add(source.substring(start, i));
          return args;
        }
      } else if (c == ',' && depth == 1) {
        args.add(source.substring(start, i));
        start = i + 1;
      }
    }
    return args;
  }

  private static void add(Map<Grant, Set<String>> used, String[] resource, String verb, String site) {
    boolean status = verb.startsWith("status:");
    Grant grant = new Grant(resource[0], resource[1] + (status ? "/status" : ""), status ? verb.substring(7) : verb);
    used.computeIfAbsent(grant, k -> new LinkedHashSet<>()).add(site);
  }

  /** The declared type of the variable, field or parameter {@code variable} declared last before {@code at}. */
  private static String typeOf(String source, String variable, int at, String site) {
    Matcher declaration = Pattern.compile("\\b([A-Z]\\w*)(?:<[^<>]*>)?\\s+" + Pattern.quote(variable) + "\\s*[=;,)]")
        .matcher(source);
    String type = null;
    while (declaration.find() && (type == null || declaration.start() < at)) {
      type = declaration.group(1);
    }
    assertThat(type).as("%s: cannot find the type of %s", site, variable).isNotNull();
    return type;
  }

  /** (API group, plural) of a resource class named {@code simpleName} in this file's imports or package. */
  private static String[] resourceOf(String raw, String simpleName) {
    Matcher imported = Pattern.compile("(?m)^import\\s+([\\w.]+\\." + simpleName + ")\\s*;").matcher(raw);
    Matcher pkg = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;").matcher(raw);
    String name = imported.find() ? imported.group(1) : pkg.find() ? pkg.group(1) + "." + simpleName : simpleName;
    try {
      Class<? extends HasMetadata> type = Class.forName(name).asSubclass(HasMetadata.class);
      return new String[] {HasMetadata.getGroup(type), HasMetadata.getPlural(type)};
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new AssertionError("cannot resolve the Kubernetes resource class " + simpleName + " (" + name + ")", e);
    }
  }

  // ---- the rendered RBAC ----

  /** The operator's Roles and ClusterRoles; aggregated user roles (aggregate-to-view/edit) are not the operator's. */
  static List<JsonNode> operatorRoles() throws IOException {
    List<JsonNode> roles = new ArrayList<>();
    try (var parser = new YAMLMapper().getFactory().createParser(RENDERED.toFile())) {
      var documents = new YAMLMapper().readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        String kind = document.path("kind").asText();
        boolean aggregated = document.at("/metadata/labels").toString().contains("rbac.authorization.k8s.io/aggregate");
        if ((kind.equals("Role") || kind.equals("ClusterRole")) && !aggregated) {
          roles.add(document);
        }
      }
    }
    assertThat(roles).as("Roles and ClusterRoles in %s", RENDERED).isNotEmpty();
    return roles;
  }

  static Set<Grant> grants(JsonNode role) {
    Set<Grant> grants = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (String group : texts(rule.path("apiGroups"))) {
        for (String resource : texts(rule.path("resources"))) {
          for (String verb : texts(rule.path("verbs"))) {
            grants.add(new Grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static int closingParen(String source, int open) {
    int close = IamPolicyTest.closingParen(source, open);
    assertThat(close).as("balanced parentheses after offset %d", open).isPositive();
    return close;
  }

  private static int line(String source, int offset) {
    return IamPolicyTest.line(source, offset);
  }
}
