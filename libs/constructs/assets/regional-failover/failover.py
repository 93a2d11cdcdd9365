"""Regional failover of an Aurora global database, as an SSM Automation step.

Moves the writer of the global cluster to the target cluster (this region's), waits until the
target is the available writer, checks it, and measures the recovery: RTO is the time from the
start of the move until the target accepts writes; RPO is the replication lag (the
AuroraGlobalDBRPOLag metric of the target, the data a failover would lose) over the five
minutes before the move (the hour before when those have none; -1 and no metric when there is
none at all), and zero for a switchover, which waits for replication to catch up. The move
comes first: a failover never waits for, or fails on, its measurement. Both are published to
CloudWatch (in the namespace the runbook passes) and returned as outputs.

Modes: `switchover` (planned, no data loss: drills and maintenance) and `failover` (the old
primary region is gone: AllowDataLoss). Runs on the SSM Automation Python 3.11 runtime (boto3).
"""
import datetime
import time

POLL_SECONDS = 15


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def writer_of(global_cluster):
    for member in global_cluster["GlobalClusterMembers"]:
        if member.get("IsWriter"):
            return member["DBClusterArn"]
    return None


def describe_global(rds, identifier):
    return rds.describe_global_clusters(GlobalClusterIdentifier=identifier)["GlobalClusters"][0]


def rpo_lag_seconds(cloudwatch, cluster_id, end):
    """The target's worst AuroraGlobalDBRPOLag before `end`, in seconds: over the five minutes
    before it, or the hour before it when those have no datapoint (the region that replicated
    here may be the one that is gone, and its lag with it). None when there is none at all:
    the failover has already gone ahead, its data loss unmeasured."""
    for minutes in (5, 60):
        stats = cloudwatch.get_metric_statistics(
            Namespace="AWS/RDS",
            MetricName="AuroraGlobalDBRPOLag",
            Dimensions=[{"Name": "DBClusterIdentifier", "Value": cluster_id}],
            StartTime=end - datetime.timedelta(minutes=minutes),
            EndTime=end,
            Period=60,
            Statistics=["Maximum"],
        )["Datapoints"]
        if stats:
            return max(point["Maximum"] for point in stats) / 1000.0
    return None


def run(events, rds, cloudwatch, sleep=time.sleep, now=utcnow):
    identifier = events["GlobalClusterIdentifier"]
    target = events["TargetDbClusterArn"]
    mode = events["Mode"]
    timeout = int(events.get("TimeoutSeconds", 1800))
    if mode not in ("switchover", "failover"):
        raise ValueError(f"Mode must be switchover or failover, not {mode}")
    cluster_id = target.split(":")[-1]

    before = describe_global(rds, identifier)
    previous_writer = writer_of(before)
    if previous_writer == target:
        raise RuntimeError(f"{target} is already the writer of {identifier}")
    if target not in [m["DBClusterArn"] for m in before["GlobalClusterMembers"]]:
        raise RuntimeError(f"{target} is not a member of {identifier}")

    # The move first: measuring the data loss must never stand in the way of the failover.
    started = now()
    if mode == "switchover":
        rds.switchover_global_cluster(
            GlobalClusterIdentifier=identifier, TargetDbClusterIdentifier=target
        )
    else:
        rds.failover_global_cluster(
            GlobalClusterIdentifier=identifier,
            TargetDbClusterIdentifier=target,
            AllowDataLoss=True,
        )

    while True:
        sleep(POLL_SECONDS)
        current = describe_global(rds, identifier)
        cluster = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"][0]
        if (
            writer_of(current) == target
            and current.get("Status") == "available"
            and cluster["Status"] == "available"
        ):
            break
        if (now() - started).total_seconds() > timeout:
            raise RuntimeError(
                f"{target} did not become the available writer within {timeout} s "
                f"(global {current.get('Status')}, cluster {cluster['Status']})"
            )
    rto = (now() - started).total_seconds()
    # The lag before the move is what a failover lost; a switchover waits for replication.
    rpo = 0.0 if mode == "switchover" else rpo_lag_seconds(cloudwatch, cluster_id, started)

    # The new writer must serve: a writer endpoint, storage encrypted, not read-only.
    if not cluster.get("Endpoint"):
        raise RuntimeError(f"{cluster_id} has no writer endpoint after the move")
    if not cluster.get("StorageEncrypted"):
        raise RuntimeError(f"{cluster_id} storage is not encrypted")

    dimensions = [{"Name": "GlobalClusterIdentifier", "Value": identifier}]
    metrics = [{"MetricName": "RecoveryTimeSeconds", "Dimensions": dimensions, "Value": rto, "Unit": "Seconds"}]
    if rpo is not None:
        metrics.append({"MetricName": "RecoveryPointSeconds", "Dimensions": dimensions, "Value": rpo, "Unit": "Seconds"})
    cloudwatch.put_metric_data(Namespace=events["MetricNamespace"], MetricData=metrics)
    return {
        "Mode": mode,
        "PreviousWriter": previous_writer,
        "NewWriter": target,
        "StartedAt": started.isoformat(),
        # Whole seconds: SSM Automation outputs have no decimal type.
        "RecoveryTimeSeconds": int(round(rto)),
        # -1 when no lag was recorded: unmeasured, which no objective counts as met.
        "RecoveryPointSeconds": -1 if rpo is None else int(round(rpo)),
    }


def script_handler(events, context):
    import boto3

    return run(events, boto3.client("rds"), boto3.client("cloudwatch"))
