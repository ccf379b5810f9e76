package io.dynamobackup.operator.aws;

/** The base of the SDK-backed services: the shared clients, and the one identity every call of this service uses. */
abstract class SdkService {
  protected final AwsClients clients;
  protected final AwsIdentity identity;

  protected SdkService(AwsClients clients, AwsIdentity identity) {
    this.clients = clients;
    this.identity = identity;
  }
}
