"""moto's server, with corrections for the moto bugs Strata's stacks run into.

Each correction is listed, with moto's own error, in tools/src/emulator/gaps.json.

Started by the emulator flow (tools/src/emulator/emulator.ts) with the arguments of moto_server:

    python moto_server.py -H 127.0.0.1 -p 5000
"""

import sys

from moto.acm.models import CertBundle
from moto.acm.responses import AWSCertificateManagerResponse
from moto.ec2.models import ec2_backends
from moto.eks.responses import EKSResponse
from moto.route53.models import Route53Backend
from moto.ec2.models.launch_templates import LaunchTemplateBackend
from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend
from moto.ec2.models.transit_gateway_route_tables import (
    TransitGatewayRelations,
    TransitGatewayRouteTableBackend,
)
from moto.iam.access_control import IAMPolicyStatement, PermissionResult
from moto.server import main

_is_action_permitted = IAMPolicyStatement.is_action_permitted

# moto documents that bucket policy conditions "are not taken into account", yet it applies
# a conditional statement as if its condition held, since it passes no request context: a
# Deny with a Condition denies every request. Every Strata bucket has the TLS-only Deny
# (aws:SecureTransport false), so moto refused every object request, the S3 backend's state
# reads included. A Deny whose condition moto has no request values for does not apply.


def _is_action_permitted_without_unknown_conditions(
    self, action, resource="*", principal=None, incoming_condition_values=None
):
    result = _is_action_permitted(self, action, resource, principal, incoming_condition_values)
    if (
        result == PermissionResult.DENIED
        and self._statement.get("Condition")
        and not incoming_condition_values
    ):
        return PermissionResult.NEUTRAL
    return result


IAMPolicyStatement.is_action_permitted = _is_action_permitted_without_unknown_conditions

_disassociate = TransitGatewayRouteTableBackend.disassociate_transit_gateway_route_table


def _disassociate_also_default_association(self, tgw_attach_id, tgw_rt_id):
    # moto associates every new attachment with the gateway's default route table (even when
    # the gateway disables default association) but records it only on the table, so the
    # disassociation the AWS provider then makes failed with KeyError (HTTP 500, retried
    # until the provider timed out).
    if tgw_attach_id not in self.transit_gateway_associations:
        self.transit_gateway_associations[tgw_attach_id] = TransitGatewayRelations(
            self, tgw_attach_id, tgw_rt_id, state="associated"
        )
    return _disassociate(self, tgw_attach_id, tgw_rt_id)


TransitGatewayRouteTableBackend.disassociate_transit_gateway_route_table = (
    _disassociate_also_default_association
)

_delete_vpc_attachment = TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment


def _delete_vpc_attachment_keeping_it_visible(self, transit_gateway_attachment_id):
    # AWS keeps a deleted attachment visible in state "deleted" for a while, and the AWS
    # provider waits for exactly that state; moto forgot it at once, so every destroy
    # waited out the provider's not-found retries and failed.
    attachment = _delete_vpc_attachment(self, transit_gateway_attachment_id)
    self.transit_gateway_attachments[transit_gateway_attachment_id] = attachment
    return attachment


TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment = (
    _delete_vpc_attachment_keeping_it_visible
)

_create_launch_template = LaunchTemplateBackend.create_launch_template


def _create_launch_template_without_own_tags_in_data(
    self, name, description, template_data, tag_spec
):
    # moto copies the template's own tags (TagSpecifications of type launch-template) into
    # the first version's data, where AWS has only the instance, volume and interface tags,
    # so every plan after apply proposed removing a tag specification nobody configured.
    specifications = template_data.get("TagSpecifications")
    if specifications:
        template_data["TagSpecifications"] = [
            spec for spec in specifications if spec.get("ResourceType") != "launch-template"
        ]
    return _create_launch_template(self, name, description, template_data, tag_spec)


LaunchTemplateBackend.create_launch_template = _create_launch_template_without_own_tags_in_data

_create_cluster = EKSResponse.create_cluster


def _create_cluster_keeping_settings(self):
    # moto's CreateCluster drops accessConfig, upgradePolicy and bootstrapSelfManagedAddons,
    # so DescribeCluster answered without them, and the plan after apply replaced the
    # cluster: bootstrap_cluster_creator_admin_permissions forces a new cluster.
    result = _create_cluster(self)
    cluster = self.eks_backend.clusters[self._get_param("name")]
    access = self._get_param("accessConfig") or {}
    cluster.access_config = {
        "authenticationMode": access.get("authenticationMode", "CONFIG_MAP"),
        "bootstrapClusterCreatorAdminPermissions": access.get(
            "bootstrapClusterCreatorAdminPermissions", True
        ),
    }
    cluster.upgrade_policy = self._get_param("upgradePolicy") or {"supportType": "EXTENDED"}
    # EKS creates the cluster security group (control plane to nodes) in the cluster's VPC and
    # reports it as clusterSecurityGroupId; moto created none, so rules that reference it
    # (the edge layer's load balancer to gateway rules) failed with InvalidGroup.NotFound ''.
    ec2 = ec2_backends[self.current_account][self.region]
    subnets = cluster.resources_vpc_config.get("subnetIds") or []
    if subnets:
        vpc_id = ec2.get_subnet(subnets[0]).vpc_id
        group = ec2.create_security_group(
            f"eks-cluster-sg-{cluster.name}", "EKS created security group", vpc_id=vpc_id
        )
        cluster.resources_vpc_config = {
            **cluster.resources_vpc_config,
            "clusterSecurityGroupId": group.id,
            "vpcId": vpc_id,
        }
    return result


EKSResponse.create_cluster = _create_cluster_keeping_settings

_create_nodegroup = EKSResponse.create_nodegroup


def _create_nodegroup_without_invented_access(self):
    # Without remoteAccess in the request (a launch template excludes it), moto records an
    # SSH key "eksKeypair" nobody gave, and the plan after apply replaced every node group.
    # It also drops updateConfig, which the plan then proposed again.
    result = _create_nodegroup(self)
    cluster = self.eks_backend.clusters[self._get_param("name")]
    nodegroup = cluster.nodegroups[self._get_param("nodegroupName")]
    if self._get_param("remoteAccess") is None:
        nodegroup.remote_access = None
    nodegroup.update_config = self._get_param("updateConfig")
    return result


EKSResponse.create_nodegroup = _create_nodegroup_without_invented_access

_create_query_logging_config = Route53Backend.create_query_logging_config


def _create_query_logging_config_with_plain_arn(self, hosted_zone_id, log_group_arn):
    # AWS takes the log group's ARN as the provider gives it (no ":*"); moto found the group
    # only under "<arn>:*" and answered NoSuchCloudWatchLogsLogGroup. Look it up that way,
    # and keep the ARN as given, as AWS does.
    lookup = log_group_arn if log_group_arn.endswith(":*") else f"{log_group_arn}:*"
    config = _create_query_logging_config(self, hosted_zone_id, lookup)
    config.cloud_watch_logs_log_group_arn = log_group_arn
    return config


Route53Backend.create_query_logging_config = _create_query_logging_config_with_plain_arn

_request_certificate = AWSCertificateManagerResponse.request_certificate
_describe_certificate = CertBundle.describe


def _request_certificate_keeping_key_algorithm(self):
    # moto signs every certificate with an RSA 2048 key whatever KeyAlgorithm asked for, and
    # DescribeCertificate reported RSA_2048, so the plan after apply replaced every EC
    # certificate (key_algorithm forces replacement). The key stays RSA; the description
    # reports the algorithm requested, as AWS issues it.
    result = _request_certificate(self)
    requested = self._get_param("KeyAlgorithm")
    if requested:
        arn = result.result["CertificateArn"]
        self.acm_backend._certificates[arn].requested_key_algorithm = requested
    return result


def _describe_with_requested_key_algorithm(self):
    description = _describe_certificate(self)
    requested = getattr(self, "requested_key_algorithm", None)
    if requested:
        description["Certificate"]["KeyAlgorithm"] = requested
    return description


AWSCertificateManagerResponse.request_certificate = _request_certificate_keeping_key_algorithm
CertBundle.describe = _describe_with_requested_key_algorithm

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
