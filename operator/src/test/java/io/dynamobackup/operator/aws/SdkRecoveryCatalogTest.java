package io.dynamobackup.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A catalog record survives its DynamoDB item unchanged, with the TTL attribute in epoch seconds. */
class SdkRecoveryCatalogTest {
  @Test
  void aRecordRoundTripsThroughItsItem() {
    CatalogRecord record = new CatalogRecord("arn:aws:backup:us-west-2:111122223333:recovery-point:b2",
        "arn:aws:backup:eu-west-1:111122223333:recovery-point:a1", "dr",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "arn:aws:iam::111122223333:role/backup",
        Instant.parse("2026-11-20T03:00:05Z"), Instant.parse("2026-11-20T03:10:00Z"), 2048L,
        new CatalogRecord.Producer("team-a", "orders-nightly-202611200300", "uid-1", "orders-nightly",
            "2026-11-20T03:00:00Z"), "{\"itemCount\":3}", "{\"tags\":{\"team\":\"payments\"}}",
        Instant.parse("2026-11-20T03:10:01Z"), Instant.parse("2027-01-24T03:10:00Z"));

    var item = SdkRecoveryCatalog.item(record);

    assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(Instant.parse("2027-01-24T03:10:00Z").getEpochSecond()));
    assertThat(item.get("recordVersion").n()).isEqualTo("1");
    assertThat(SdkRecoveryCatalog.record(item)).isEqualTo(record);
  }

  @Test
  void aHandMadeBackupHasNoPlanOrSlot() {
    CatalogRecord record = new CatalogRecord("arn:aws:backup:eu-west-1:111122223333:recovery-point:a1",
        "arn:aws:backup:eu-west-1:111122223333:recovery-point:a1", "prod-vault", null, null, null, null, null,
        new CatalogRecord.Producer("default", "orders-now", "uid-2", null, null), null, null,
        Instant.parse("2026-11-20T03:10:01Z"), null);

    var item = SdkRecoveryCatalog.item(record);

    assertThat(item).doesNotContainKeys("plan", "scheduledAt", "capturedSettings", "expiresAt");
    assertThat(SdkRecoveryCatalog.record(item)).isEqualTo(record);
  }
}
