"""Validates request parameters against the AWS API model botocore ships (the SDKs' own model).

Reads JSON `{"service": "wafv2", "operation": "CreateWebACL", "requests": {"<label>": {...}}}` on
standard input and prints JSON `{"<label>": ["<problem>", ...]}`: botocore's own parameter
validation (unknown and missing members, types, lengths and ranges) plus the enum values the
model lists, which botocore leaves to the service. An empty list is a request AWS would parse.
"""

import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def enum_problems(value, shape, path):
    """Values outside a string shape's enum, anywhere under `shape`."""
    problems = []
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in value.items():
            if name in shape.members:
                problems += enum_problems(member, shape.members[name], f"{path}.{name}")
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            problems += enum_problems(item, shape.member, f"{path}[{index}]")
    elif shape.type_name == "string" and getattr(shape, "enum", None):
        if value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {', '.join(shape.enum)}")
    return problems


def main():
    query = json.load(sys.stdin)
    model = botocore.session.get_session().get_service_model(query["service"])
    shape = model.operation_model(query["operation"]).input_shape
    results = {}
    for label, params in query["requests"].items():
        report = ParamValidator().validate(params, shape)
        problems = report.generate_report().splitlines() if report.has_errors() else []
        results[label] = [line for line in problems if line.strip()] + enum_problems(
            params, shape, query["operation"]
        )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
