package io.dynamobackup.operator.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;

/**
 * Bounds every {@code integer} property that the operator reads into a 32-bit Java field ({@code Integer} or
 * {@code int}) by that field's range, where the API type sets no tighter {@code @Min}/{@code @Max}. A Kubernetes
 * integer is 64-bit: without the bound the API server stores {@code keepLast: 99999999999}, the operator's informer
 * cannot read the object, and JOSDK stops the operator, so one tenant's typo would end every tenant's backups.
 * 64-bit fields need nothing: the API server refuses an integer beyond int64 itself. Used at build time by
 * {@link GenerateCrds}.
 */
public final class IntegerBounds implements CRDPostProcessor {
  private final List<Class<? extends HasMetadata>> kinds;
  // Reads properties as the operator's client does: public fields and @JsonProperty names.
  private final ObjectMapper mapper = new ObjectMapper();

  /** {@code kinds}: the custom resource classes the CRDs are generated from. */
  public IntegerBounds(List<Class<? extends HasMetadata>> kinds) {
    this.kinds = kinds;
  }

  @Override
  public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
    if (generated instanceof CustomResourceDefinition crd) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        for (Class<? extends HasMetadata> kind : kinds) {
          if (HasMetadata.getKind(kind).equals(crd.getSpec().getNames().getKind())
              && HasMetadata.getGroup(kind).equals(crd.getSpec().getGroup())
              && HasMetadata.getVersion(kind).equals(version.getName())) {
            bound(version.getSchema().getOpenAPIV3Schema(), mapper.constructType(kind));
          }
        }
      }
    }
    return generated;
  }

  private void bound(JSONSchemaProps schema, JavaType type) {
    if (schema == null || type == null) {
      return;
    }
    if ("integer".equals(schema.getType())) {
      Class<?> raw = type.getRawClass();
      if (raw == Integer.class || raw == int.class) {
        if (schema.getMaximum() == null) {
          schema.setMaximum((double) Integer.MAX_VALUE);
        }
        if (schema.getMinimum() == null) {
          schema.setMinimum((double) Integer.MIN_VALUE);
        }
      }
      return;
    }
    if (type.isContainerType()) {
      if (schema.getItems() != null) {
        bound(schema.getItems().getSchema(), type.getContentType());
      }
      if (schema.getAdditionalProperties() != null) {
        bound(schema.getAdditionalProperties().getSchema(), type.getContentType());
      }
      return;
    }
    if (schema.getProperties() != null) {
      BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
      for (BeanPropertyDefinition property : bean.findProperties()) {
        bound(schema.getProperties().get(property.getName()), property.getPrimaryType());
      }
    }
  }
}
