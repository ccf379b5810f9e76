package io.dynamobackup.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Facts about AWS partitions and Regions, from the AWS SDK's Region metadata (the operator keeps no list of its own):
 * which partition a Region belongs to, which Regions the SDK knows, and where AWS Backup can copy a recovery point.
 * The operator works in the partitions {@code aws}, {@code aws-cn} and {@code aws-us-gov}.
 */
public final class Partitions {
  /** The partitions the operator's API accepts (ARN patterns, Region pattern). */
  public static final Set<String> SUPPORTED = Set.of("aws", "aws-cn", "aws-us-gov");

  private static final Map<String, String> PARTITIONS = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> KNOWN = new ConcurrentHashMap<>();

  private Partitions() {}

  /**
   * The partition of a Region, e.g. aws-cn for cn-north-1: a Region the SDK does not know yet is matched by its
   * partition's Region pattern, anything else is {@code aws}.
   */
  public static String of(String region) {
    // Asked for every audited AWS call: the SDK's lookup matches Region patterns.
    return remembered(PARTITIONS, region, r -> PartitionMetadata.of(Region.of(r)).id());
  }

  /** Whether the SDK's metadata lists {@code region} as a (non-global) Region. */
  public static boolean isKnownRegion(String region) {
    // Asked for every validation of a spec: the SDK's metadata lookup is not cheap.
    return remembered(KNOWN, region, id -> {
      Region r = Region.of(id);
      return !r.isGlobalRegion() && RegionMetadata.of(r) != null;
    });
  }

  /**
   * {@code lookup} of {@code region}, looked up once per Region up to a bound (Regions also come from users' specs, so
   * the map must not grow with every typo).
   */
  private static <V> V remembered(Map<String, V> answers, String region, Function<String, V> lookup) {
    V answer = answers.get(region);
    if (answer == null) {
      answer = lookup.apply(region);
      if (answers.size() < 64) {
        answers.put(region, answer);
      }
    }
    return answer;
  }

  /** The Regions of {@code partition} the SDK knows, sorted, e.g. [cn-north-1, cn-northwest-1] for aws-cn. */
  public static List<String> regionsOf(String partition) {
    return Region.regions().stream().filter(r -> !r.isGlobalRegion())
        .filter(r -> RegionMetadata.of(r) != null && RegionMetadata.of(r).partition().id().equals(partition))
        .map(Region::id).sorted().toList();
  }

  /**
   * Why a Region that matches the API's Region pattern is not one the operator can use, or null. A Region the AWS SDK
   * does not know (a typo such as eu-wset-1, or a Region newer than the SDK) would otherwise fail on every call with
   * an unresolvable endpoint.
   */
  public static String regionProblem(String region) {
    if (isKnownRegion(region) && SUPPORTED.contains(of(region))) {
      return null;
    }
    String partition = of(region);
    return "'" + region + "' is not an AWS Region " + (SUPPORTED.contains(partition)
        ? "of partition " + partition + " (known Regions: " + String.join(", ", regionsOf(partition)) + "; a Region"
            + " newer than this operator's AWS SDK needs a newer operator)"
        : "of the partitions aws, aws-cn or aws-us-gov");
  }

  /**
   * Why AWS Backup cannot copy a recovery point from {@code sourceRegion} to {@code destinationRegion}, or null: copies
   * stay inside one partition — between commercial Regions, between the two China Regions (Beijing cn-north-1 and
   * Ningxia cn-northwest-1), between the GovCloud (US) Regions.
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html;
   * https://docs.amazonaws.cn/en_us/aws/latest/userguide/backup.html
   */
  public static String copyProblem(String sourceRegion, String destinationRegion) {
    String from = of(sourceRegion);
    String to = of(destinationRegion);
    if (!from.equals(to)) {
      return "AWS Backup copies stay inside one partition: " + sourceRegion + " is in " + from + ", "
          + destinationRegion + " in " + to + " (copy to " + someRegionOf(from, "another") + ")";
    }
    return null;
  }

  /**
   * The Regions of {@code partition} as a problem message offers them: "one of cn-north-1, cn-northwest-1" for a short
   * list, else e.g. "another Region of aws" ({@code article} "another" or "a").
   */
  public static String someRegionOf(String partition, String article) {
    List<String> regions = regionsOf(partition);
    return regions.size() <= 5 ? "one of " + String.join(", ", regions) : article + " Region of " + partition;
  }
}
