package io.dynamobackup.operator.api.v1alpha1.plan;

public enum ConcurrencyPolicy { Forbid, Allow }
