# syntax=docker/dockerfile:1
# The dynamo-backup-operator image: build the fat jar with Maven, run it on a JRE as a non-root user.
#   docker build -t dynamo-backup-operator:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole reactor (filtered by .dockerignore): the parent pom lists every module, and -am builds local-aws too
# because the operator's tests compile against it. The cache mount keeps ~/.m2 between builds.
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -pl operator -am package -DskipTests

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="dynamo-backup-operator" \
      org.opencontainers.image.description="Kubernetes operator that protects Amazon DynamoDB tables with AWS Backup" \
      org.opencontainers.image.version="0.1.0"
WORKDIR /app
COPY --from=build /src/operator/target/operator-0.1.0-SNAPSHOT-all.jar /app/operator.jar
# 65532: the conventional "nonroot" uid; the Helm chart runs the pod as this user with a read-only root filesystem
# (the JVM writes only to /tmp, an emptyDir).
USER 65532:65532
EXPOSE 8080
# C1 only: the operator waits on AWS and the API server most of the time; C2's compilations cost it more CPU than
# its faster code saves. The serial collector: what the JVM picks by itself under the chart's 512 Mi limit, said
# explicitly so a larger limit keeps it; G1's barriers and concurrent work cost ~9 % more CPU per backup here (the
# bench measures CPU per backup, bench/README.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=/tmp", "-jar", "/app/operator.jar"]
