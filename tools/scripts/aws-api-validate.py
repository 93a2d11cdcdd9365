"""Validates request parameters against the AWS API model botocore ships (the SDKs' own model).

Reads JSON `{"service": "wafv2", "operation": "CreateWebACL", "requests": {"<label>": {...}}}` on
standard input (with `"pascalCase": true`, members are named as SDK targets name them: the
model's name with a capital first letter) and prints JSON `{"<label>": ["<problem>", ...]}`: botocore's own parameter
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


def model_names(value, shape):
    """`value` with each member named as the model names it where they differ only in the case of
    the first letter: the PascalCase that Step Functions' and EventBridge Scheduler's SDK targets
    take for APIs whose members are camelCase (`NodegroupName` for `nodegroupName`)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        renamed = {}
        for name, member in value.items():
            model = next((m for m in shape.members if m[:1].lower() + m[1:] == name[:1].lower() + name[1:]), name)
            renamed[model] = model_names(member, shape.members[model]) if model in shape.members else member
        return renamed
    if shape.type_name == "list" and isinstance(value, list):
        return [model_names(item, shape.member) for item in value]
    return value


def main():
    query = json.load(sys.stdin)
    model = botocore.session.get_session().get_service_model(query["service"])
    shape = model.operation_model(query["operation"]).input_shape
    results = {}
    for label, params in query["requests"].items():
        if query.get("pascalCase"):
            params = model_names(params, shape)
        report = ParamValidator().validate(params, shape)
        problems = report.generate_report().splitlines() if report.has_errors() else []
        results[label] = [line for line in problems if line.strip()] + enum_problems(
            params, shape, query["operation"]
        )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
