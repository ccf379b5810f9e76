package io.dynamobackup.localaws.http;

/**
 * Thrown for a call to a Region that is out (fault injection): the edge closes the connection without a response,
 * so the caller sees a transport error, never an AWS error.
 */
final class RegionUnreachable extends RuntimeException {
  RegionUnreachable(String region) {
    super("Region " + region + " is unreachable (injected outage)", null, false, false);
  }
}
