package io.dynamobackup.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}: the 4-byte magic
 * {@code k8s\0}, then a {@code runtime.Unknown} envelope holding the type and the object's bytes) for the built-in
 * kinds a user creates with kubectl: Namespace, ConfigMap, Secret, ServiceAccount, and the SelfSubjectAccessReview
 * and SelfSubjectRulesReview of {@code kubectl auth can-i}, and a DELETE's DeleteOptions. Field numbers are those of
 * {@code k8s.io/api/core/v1/generated.proto}, {@code k8s.io/api/authorization/v1/generated.proto} and
 * {@code k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto}. Other kinds (kubectl {@code create rolebinding}) are
 * answered with 415 saying to send YAML or JSON.
 */
final class Protobuf {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private Protobuf() {
  }

  static ObjectNode decode(ResourceType type, byte[] body) {
    if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      throw ApiException.badRequest("protobuf body without the k8s\\0 prefix");
    }
    try {
      CodedInputStream envelope = CodedInputStream.newInstance(body, 4, body.length - 4);
      String apiVersion = "";
      String kind = "";
      byte[] raw = new byte[0];
      for (int tag = envelope.readTag(); tag != 0; tag = envelope.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> {
            CodedInputStream typeMeta = envelope.readBytes().newCodedInput();
            for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
              switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> apiVersion = typeMeta.readString();
                case 2 -> kind = typeMeta.readString();
                default -> typeMeta.skipField(t);
              }
            }
          }
          case 2 -> raw = envelope.readBytes().toByteArray();
          default -> envelope.skipField(tag);
        }
      }
      ObjectNode object = Json.object().put("apiVersion", apiVersion).put("kind", kind);
      CodedInputStream in = CodedInputStream.newInstance(raw);
      switch (kind) {
        case "Namespace" -> namespace(in, object);
        case "ConfigMap" -> configMap(in, object);
        case "Secret" -> secret(in, object);
        case "ServiceAccount" -> serviceAccount(in, object);
        case "SelfSubjectAccessReview", "SelfSubjectRulesReview" -> review(in, object);
        case "DeleteOptions" -> deleteOptions(in, object);
        default -> throw new ApiException(415, "UnsupportedMediaType", "protobuf is not supported for "
            + (type == null ? kind : type.kind()) + " by this sandbox API server (it decodes protobuf for Namespace,"
            + " ConfigMap, Secret and ServiceAccount only): create it from YAML or JSON with kubectl apply -f or"
            + " kubectl create -f");
      }
      return object;
    } catch (IOException e) {
      throw ApiException.badRequest("invalid protobuf body: " + e.getMessage());
    }
  }

  private static void namespace(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
        case 2 -> {
          CodedInputStream spec = in.readBytes().newCodedInput();
          ArrayNode finalizers = Json.array();
          for (int t = spec.readTag(); t != 0; t = spec.readTag()) {
            if (WireFormat.getTagFieldNumber(t) == 1) {
              finalizers.add(spec.readString());
            } else {
              spec.skipField(t);
            }
          }
          object.putObject("spec").set("finalizers", finalizers);
        }
        default -> in.skipField(tag);
      }
    }
  }

  private static void configMap(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
        case 2 -> mapEntry(in, child(object, "data"), false);
        case 3 -> mapEntry(in, child(object, "binaryData"), true);
        case 4 -> object.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static void secret(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
        case 2 -> mapEntry(in, child(object, "data"), true);
        case 3 -> object.put("type", in.readString());
        case 4 -> mapEntry(in, child(object, "stringData"), false);
        case 5 -> object.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static void serviceAccount(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
        case 4 -> object.put("automountServiceAccountToken", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  /**
   * A SelfSubjectAccessReview's or SelfSubjectRulesReview's spec ({@code k8s.io/api/authorization/v1}): what
   * {@code kubectl auth can-i} asks, as a typed client it sends protobuf.
   */
  private static void review(CodedInputStream in, ObjectNode object) throws IOException {
    boolean rules = object.path("kind").asText().equals("SelfSubjectRulesReview");
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 2) {
        in.skipField(tag);
        continue;
      }
      ObjectNode spec = object.putObject("spec");
      CodedInputStream fields = in.readBytes().newCodedInput();
      for (int t = fields.readTag(); t != 0; t = fields.readTag()) {
        int number = WireFormat.getTagFieldNumber(t);
        if (rules && number == 1) {
          spec.put("namespace", fields.readString());
        } else if (!rules && (number == 1 || number == 2)) {
          String[] names = number == 1
              ? new String[] {"namespace", "verb", "group", "version", "resource", "subresource", "name"}
              : new String[] {"path", "verb"};
          spec.set(number == 1 ? "resourceAttributes" : "nonResourceAttributes",
              strings(fields.readBytes().newCodedInput(), names));
        } else {
          fields.skipField(t);
        }
      }
    }
  }

  /** DeleteOptions ({@code k8s.io/apimachinery/pkg/apis/meta/v1}), which a typed client sends with a DELETE. */
  private static void deleteOptions(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.put("gracePeriodSeconds", in.readInt64());
        case 2 -> object.set("preconditions", strings(in.readBytes().newCodedInput(),
            new String[] {"uid", "resourceVersion"}));
        case 3 -> object.put("orphanDependents", in.readBool());
        case 4 -> object.put("propagationPolicy", in.readString());
        case 5 -> (object.has("dryRun") ? (ArrayNode) object.get("dryRun") : object.putArray("dryRun"))
            .add(in.readString());
        default -> in.skipField(tag);
      }
    }
  }

  /** A message of string fields numbered 1, 2, ... named {@code names}; other fields skipped. */
  private static ObjectNode strings(CodedInputStream in, String[] names) throws IOException {
    ObjectNode message = Json.object();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      if (number <= names.length && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        message.put(names[number - 1], in.readString());
      } else {
        in.skipField(tag);
      }
    }
    return message;
  }

  private static ObjectNode objectMeta(CodedInputStream in) throws IOException {
    ObjectNode metadata = Json.object();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> metadata.put("name", in.readString());
        case 2 -> metadata.put("generateName", in.readString());
        case 3 -> metadata.put("namespace", in.readString());
        case 5 -> metadata.put("uid", in.readString());
        case 6 -> metadata.put("resourceVersion", in.readString());
        case 7 -> metadata.put("generation", in.readInt64());
        case 8 -> metadata.put("creationTimestamp", time(in.readBytes().newCodedInput()));
        case 11 -> mapEntry(in, child(metadata, "labels"), false);
        case 12 -> mapEntry(in, child(metadata, "annotations"), false);
        case 13 -> ownerReference(in.readBytes().newCodedInput(), metadata.has("ownerReferences")
            ? (ArrayNode) metadata.get("ownerReferences") : metadata.putArray("ownerReferences"));
        case 14 -> (metadata.has("finalizers") ? (ArrayNode) metadata.get("finalizers") : metadata.putArray("finalizers"))
            .add(in.readString());
        default -> in.skipField(tag);
      }
    }
    for (String unset : new String[] {"uid", "resourceVersion", "generateName", "namespace"}) {
      if (metadata.path(unset).asText("x").isEmpty()) {
        metadata.remove(unset);
      }
    }
    return metadata;
  }

  private static void ownerReference(CodedInputStream in, ArrayNode owners) throws IOException {
    ObjectNode owner = owners.addObject();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> owner.put("kind", in.readString());
        case 3 -> owner.put("name", in.readString());
        case 4 -> owner.put("uid", in.readString());
        case 5 -> owner.put("apiVersion", in.readString());
        case 6 -> owner.put("controller", in.readBool());
        case 7 -> owner.put("blockOwnerDeletion", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static String time(CodedInputStream in) throws IOException {
    long seconds = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        seconds = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return Instant.ofEpochSecond(seconds).toString();
  }

  /** One entry of a protobuf map (key = 1, value = 2); bytes values as base64, as in JSON. */
  private static void mapEntry(CodedInputStream in, ObjectNode target, boolean bytes) throws IOException {
    CodedInputStream entry = in.readBytes().newCodedInput();
    String key = "";
    String value = "";
    for (int tag = entry.readTag(); tag != 0; tag = entry.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = entry.readString();
        case 2 -> value = bytes ? Base64.getEncoder().encodeToString(entry.readBytes().toByteArray())
            : entry.readString();
        default -> entry.skipField(tag);
      }
    }
    target.put(key, value);
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
  }
}
