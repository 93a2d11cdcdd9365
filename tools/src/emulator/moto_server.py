"""moto's server, with corrections for the moto bugs Strata's stacks run into.

Each correction is listed, with moto's own error, in tools/src/emulator/gaps.json.

Started by the emulator flow (tools/src/emulator/emulator.ts) with the arguments of moto_server:

    python moto_server.py -H 127.0.0.1 -p 5000
"""

import datetime
import sys
import uuid

from moto.acm.models import CertBundle
from moto.acm.responses import AWSCertificateManagerResponse
from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.eks import urls as eks_urls
from moto.eks.exceptions import ResourceNotFoundException
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


# moto 5.2.5 routes no EKS Pod Identity associations (the API answered 404), so every add-on
# release, which waits for its role's association, was left out of the emulator run. A
# minimal store: create, describe, update, list and delete, with the fields the AWS provider
# reads. The association itself grants nothing here; IAM is proven by the policy tests.
_pod_identity_associations = {}


def _association_path_params(self):
    # The dispatcher passes the path; /clusters/{name}/pod-identity-associations[/{id}]
    parts = self.path.split("?")[0].strip("/").split("/")
    return parts[1], (parts[3] if len(parts) > 3 else None)


def _associations(self):
    return _pod_identity_associations.setdefault((self.current_account, self.region), {})


def _not_found(message, cluster_name=None):
    # EKS's error body names the resource kinds it looked up; only the message differs here.
    return ResourceNotFoundException(
        clusterName=cluster_name,
        nodegroupName=None,
        fargateProfileName=None,
        addonName=None,
        message=message,
    )


def _association_or_404(self, association_id):
    association = _associations(self).get(association_id)
    if association is None:
        raise _not_found(f"No Pod Identity Association found with id {association_id}")
    return association


def create_pod_identity_association(self):
    cluster_name, _ = _association_path_params(self)
    if cluster_name not in self.eks_backend.clusters:
        raise _not_found(f"No cluster found for name: {cluster_name}.", cluster_name)
    association_id = f"a-{uuid.uuid4().hex[:17]}"
    now = datetime.datetime.now(datetime.timezone.utc)
    association = {
        "clusterName": cluster_name,
        "namespace": self._get_param("namespace"),
        "serviceAccount": self._get_param("serviceAccount"),
        "roleArn": self._get_param("roleArn"),
        "associationArn": f"arn:aws:eks:{self.region}:{self.current_account}:podidentityassociation/{cluster_name}/{association_id}",
        "associationId": association_id,
        "tags": self._get_param("tags") or {},
        "disableSessionTags": bool(self._get_param("disableSessionTags")),
        "createdAt": now,
        "modifiedAt": now,
    }
    if self._get_param("targetRoleArn"):
        association["targetRoleArn"] = self._get_param("targetRoleArn")
    _associations(self)[association_id] = association
    return ActionResult({"association": association})


def describe_pod_identity_association(self):
    _, association_id = _association_path_params(self)
    return ActionResult({"association": _association_or_404(self, association_id)})


def update_pod_identity_association(self):
    _, association_id = _association_path_params(self)
    association = _association_or_404(self, association_id)
    for field in ("roleArn", "disableSessionTags", "targetRoleArn"):
        if self._get_param(field) is not None:
            association[field] = self._get_param(field)
    association["modifiedAt"] = datetime.datetime.now(datetime.timezone.utc)
    return ActionResult({"association": association})


def delete_pod_identity_association(self):
    _, association_id = _association_path_params(self)
    association = _association_or_404(self, association_id)
    del _associations(self)[association_id]
    return ActionResult({"association": association})


def list_pod_identity_associations(self):
    cluster_name, _ = _association_path_params(self)
    summaries = [
        {key: association[key] for key in ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId")}
        for association in _associations(self).values()
        if association["clusterName"] == cluster_name
    ]
    return ActionResult({"associations": summaries})


for _handler in (
    create_pod_identity_association,
    describe_pod_identity_association,
    update_pod_identity_association,
    delete_pod_identity_association,
    list_pod_identity_associations,
):
    setattr(EKSResponse, _handler.__name__, _handler)
eks_urls.url_paths.update(
    {
        "{0}/clusters/(?P<name>[^/]+)/pod-identity-associations$": eks_urls.response.dispatch,
        "{0}/clusters/(?P<name>[^/]+)/pod-identity-associations/(?P<associationId>[^/]+)$": eks_urls.response.dispatch,
    }
)

if __name__ == "__main__":
    # Beside this file; the flow restarts from a snapshot of the AWS side (moto_snapshot.py).
    import moto_snapshot

    moto_snapshot.install({"pod_identity_associations": _pod_identity_associations})
    sys.exit(main(sys.argv[1:]))
