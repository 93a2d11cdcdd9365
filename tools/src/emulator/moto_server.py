"""moto's server, with corrections for the moto bugs Strata's stacks run into.

Each correction is listed, with moto's own error, in tools/src/emulator/gaps.json.

Started by the emulator flow (tools/src/emulator/emulator.ts) with the arguments of moto_server:

    python moto_server.py -H 127.0.0.1 -p 5000
"""

import sys

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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
