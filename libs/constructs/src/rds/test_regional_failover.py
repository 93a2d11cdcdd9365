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
    """Lag datapoints by the minutes a query looks back (every window: `lags_ms`)."""

    def __init__(self, lags_ms=(1200.0, 3400.0), by_window=None):
        self.lags = lags_ms
        self.by_window = by_window or {}
        self.published = []
        self.queried = []

    def get_metric_statistics(self, **kwargs):
        self.queried.append(kwargs)
        minutes = round((kwargs["EndTime"] - kwargs["StartTime"]).total_seconds() / 60)
        lags = self.by_window.get(minutes, self.lags)
        return {"Datapoints": [{"Maximum": lag} for lag in lags]}

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

    def test_fails_over_without_lag_data_and_says_the_rpo_is_unmeasured(self):
        # The primary region is gone and its replication lag with it: the failover goes ahead.
        rds, cw, clock = FakeRds(polls_until_moved=2), FakeCloudWatch(lags_ms=()), Clock()
        result = failover.run(events("failover"), rds, cw, clock.sleep, clock.now)
        self.assertEqual(rds.calls[0][0], "failover")
        self.assertEqual(result["NewWriter"], SECONDARY)
        self.assertEqual(result["RecoveryPointSeconds"], -1)
        metrics = {m["MetricName"] for m in cw.published[0]["MetricData"]}
        self.assertEqual(metrics, {"RecoveryTimeSeconds"})

    def test_takes_the_hour_before_when_the_last_minutes_have_no_lag(self):
        rds, clock = FakeRds(polls_until_moved=2), Clock()
        cw = FakeCloudWatch(by_window={5: (), 60: (9000.0,)})
        result = failover.run(events("failover"), rds, cw, clock.sleep, clock.now)
        self.assertEqual(result["RecoveryPointSeconds"], 9)
        self.assertEqual(len(cw.queried), 2)


if __name__ == "__main__":
    unittest.main()
