"""AWS API calls served by moto in this process, for tests of the platform's functions.

Reads JSON lines `{"id": 1, "service": "ec2", "region": "us-east-1", "operation":
"RevokeSecurityGroupIngress", "params": {...}}` on standard input and answers each with one line
`{"id": 1, "result": {...}}` or `{"id": 1, "error": {"name": "<code>", "message": "..."}}`.
Operations and parameters are the AWS API's own names (as the AWS SDK for JavaScript takes
them); boto3 runs them against moto's implementation of the service, all in one mocked account.
Prints `READY` first.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError, ParamValidationError
from botocore import xform_name
from moto import mock_aws


def answer(request, clients):
    key = (request["service"], request.get("region", "us-east-1"))
    if key not in clients:
        clients[key] = boto3.client(key[0], region_name=key[1])
    try:
        method = getattr(clients[key], xform_name(request["operation"]))
        result = method(**request.get("params", {}))
        result.pop("ResponseMetadata", None)
        return {"id": request["id"], "result": result}
    except ClientError as error:
        details = error.response.get("Error", {})
        return {
            "id": request["id"],
            "error": {"name": details.get("Code", "ClientError"), "message": details.get("Message", "")},
        }
    except (ParamValidationError, AttributeError) as error:
        return {"id": request["id"], "error": {"name": type(error).__name__, "message": str(error)}}


def main():
    with mock_aws():
        clients = {}
        print("READY", flush=True)
        for line in sys.stdin:
            if line.strip():
                response = answer(json.loads(line), clients)
                print(json.dumps(response, default=str), flush=True)


if __name__ == "__main__":
    main()
