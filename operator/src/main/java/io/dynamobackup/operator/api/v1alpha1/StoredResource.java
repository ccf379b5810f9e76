package io.dynamobackup.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;

/**
 * A custom resource of this operator as read from the API server, with the values of the stored object that its Java
 * model cannot hold. The API server validates writes only: an object stored before the CRD got its current bounds
 * (an integer beyond int32, an enum value since removed) is still served, and reading it must not stop the informer
 * of the whole kind. Such a value is read as absent and named here instead; an object with any is never acted on.
 */
public abstract class StoredResource<S, T> extends CustomResource<S, T> {
  @JsonIgnore
  private List<String> unreadable = List.of();

  /**
   * Each value the operator could not read, as {@code "path: problem"} (e.g. {@code "spec.retention.keepLast:
   * 3000000000 is out of range (at most 2147483647)"}); empty when the object was read whole. Not part of the object's
   * JSON: copies made by serialization get it from {@link #unreadable(List)}.
   */
  public List<String> unreadable() {
    return unreadable;
  }

  public void unreadable(List<String> problems) {
    this.unreadable = List.copyOf(problems);
  }

  /** Whether every value of the stored object was read. */
  public boolean readable() {
    return unreadable.isEmpty();
  }
}
