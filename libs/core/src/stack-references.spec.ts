import { undeclaredReferences } from './stack-references';

const stack = (resource: Record<string, Record<string, unknown>>, data = {}) => ({
  terraform: { required_providers: { aws: {}, helm: {} } },
  resource,
  data,
});

describe('undeclaredReferences', () => {
  it('finds resources and data sources the stack does not declare, inside any expression', () => {
    const found = undeclaredReferences(
      stack({
        aws_sqs_queue: { q: { policy: '${jsonencode({a = aws_iam_role.missing.arn})}' } },
        helm_release: { r: { values: ['x: ${data.aws_region.gone.name}'] } },
      }),
    );
    expect(found).toEqual(['aws_iam_role.missing', 'data.aws_region.gone']);
  });

  it('accepts declared ones, loop variables, other providers and escaped text', () => {
    expect(
      undeclaredReferences(
        stack(
          {
            aws_subnet: { a: {} },
            aws_route_table: {
              t: {
                subnets: '${[for s in aws_subnet.a : s.id]}',
                zone: '${data.aws_availability_zones.all.names[0]}',
                literal: '$${aws_vpc.not_a_reference.id}',
                other: '${random_id.x.hex} and aws_vpc.outside_an_expression.id',
              },
            },
          },
          { aws_availability_zones: { all: {} } },
        ),
      ),
    ).toEqual([]);
  });
});
