"""The failover runbook's script against fakes of RDS and CloudWatch (run by regional-failover.spec.ts)."""
import datetime
import importlib.util
import os
import unittest

HERE = os.path.dirname(__file__)
SPEC = importlib.util.spec_from_file_location(
    "failover", os.path.join(HERE, "..", "..", "assets", "regional-failover", "failover.py")
)
failover = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(failover)

PRIMARY = "arn:aws:rds:us-east-1:1:cluster:strata-staging-use1-platform"
SECONDARY = "arn:aws:rds:us-west-2:1:cluster:strata-staging-usw2-platform"
T0 = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc)


class Clock:
    def __init__(self):
        self.t = T0

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.t += datetime.timedelta(seconds=seconds)


class FakeRds:
    """A global cluster whose writer moves to the target after `polls_until_moved` describes."""

    def __init__(self, polls_until_moved=4, encrypted=True):
        self.writer = PRIMARY
        self.moving_to = None
        self.polls = polls_until_moved
        self.encrypted = encrypted
        self.calls = []

    def describe_global_clusters(self, GlobalClusterIdentifier):
        status = "available"
        if self.moving_to:
            self.polls -= 1
            if self.polls <= 0:
                self.writer, self.moving_to = self.moving_to, None
            else:
                status = "switching-over"
        members = [
            {"DBClusterArn": arn, "IsWriter": arn == self.writer} for arn in (PRIMARY, SECONDARY)
        ]
        return {"GlobalClusters": [{"Status": status, "GlobalClusterMembers": members}]}

    def describe_db_clusters(self, DBClusterIdentifier):
        return {
            "DBClusters": [
                {"Status": "available", "Endpoint": "writer.example", "StorageEncrypted": self.encrypted}
            ]
        }

    def switchover_global_cluster(self, **kwargs):
        self.calls.append(("switchover", kwargs))
        self.moving_to = kwargs["TargetDbClusterIdentifier"]

    def failover_global_cluster(self, **kwargs):
        self.calls.append(("failover", kwargs))
        self.moving_to = kwargs["TargetDbClusterIdentifier"]


class FakeCloudWatch:
    def __init__(self, lags_ms=(1200.0, 3400.0)):
        self.lags = lags_ms
        self.published = []
        self.queried = []

    def get_metric_statistics(self, **kwargs):
        self.queried.append(kwargs)
        return {"Datapoints": [{"Maximum": lag} for lag in self.lags]}

    def put_metric_data(self, **kwargs):
        self.published.append(kwargs)


def events(mode, **extra):
    return {
        "GlobalClusterIdentifier": "strata-staging-global",
        "TargetDbClusterArn": SECONDARY,
        "Mode": mode,
        "MetricNamespace": "Strata/Recovery",
        **extra,
    }


class FailoverTest(unittest.TestCase):
    def test_switchover_measures_rto_and_publishes_it(self):
        rds, cw, clock = FakeRds(polls_until_moved=4), FakeCloudWatch(), Clock()
        result = failover.run(events("switchover"), rds, cw, clock.sleep, clock.now)
        self.assertEqual(rds.calls[0][0], "switchover")
        self.assertEqual(result["NewWriter"], SECONDARY)
        self.assertEqual(result["PreviousWriter"], PRIMARY)
        # Four polls of 15 s until the target is the available writer.
        self.assertEqual(result["RecoveryTimeSeconds"], 60.0)
        self.assertEqual(result["RecoveryPointSeconds"], 0.0)
        metrics = {m["MetricName"]: m["Value"] for m in cw.published[0]["MetricData"]}
        self.assertEqual(metrics, {"RecoveryTimeSeconds": 60.0, "RecoveryPointSeconds": 0.0})
        self.assertEqual(cw.published[0]["Namespace"], "Strata/Recovery")

    def test_failover_allows_data_loss_and_reports_the_lag_as_rpo(self):
        rds, cw, clock = FakeRds(polls_until_moved=2), FakeCloudWatch(), Clock()
        result = failover.run(events("failover"), rds, cw, clock.sleep, clock.now)
        self.assertEqual(rds.calls[0], ("failover", {
            "GlobalClusterIdentifier": "strata-staging-global",
            "TargetDbClusterIdentifier": SECONDARY,
            "AllowDataLoss": True,
        }))
        self.assertEqual(result["RecoveryPointSeconds"], 3)
        self.assertEqual(cw.queried[0]["Dimensions"][0]["Value"], "strata-staging-usw2-platform")

    def test_refuses_a_target_that_already_writes(self):
        rds = FakeRds()
        rds.writer = SECONDARY
        with self.assertRaisesRegex(RuntimeError, "already the writer"):
            failover.run(events("switchover"), rds, FakeCloudWatch(), Clock().sleep, Clock().now)
        self.assertEqual(rds.calls, [])

    def test_times_out_when_the_writer_never_moves(self):
        clock = Clock()
        with self.assertRaisesRegex(RuntimeError, "did not become the available writer within 60 s"):
            failover.run(
                events("switchover", TimeoutSeconds=60),
                FakeRds(polls_until_moved=100),
                FakeCloudWatch(),
                clock.sleep,
                clock.now,
            )

    def test_fails_a_new_writer_without_encryption(self):
        clock = Clock()
        with self.assertRaisesRegex(RuntimeError, "not encrypted"):
            failover.run(events("switchover"), FakeRds(encrypted=False), FakeCloudWatch(), clock.sleep, clock.now)

    def test_fails_without_lag_data_in_a_failover(self):
        clock = Clock()
        with self.assertRaisesRegex(RuntimeError, "no AuroraGlobalDBRPOLag"):
            failover.run(events("failover"), FakeRds(), FakeCloudWatch(lags_ms=()), clock.sleep, clock.now)


if __name__ == "__main__":
    unittest.main()
