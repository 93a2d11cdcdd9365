import { partialTargets } from './partial-targets';

describe('partialTargets', () => {
  const json = {
    resource: {
      aws_kms_key: { key_A1B2C3D4: { description: 'k' } },
      aws_dax_subnet_group: { dax_subnets_0000AAAA: { subnet_ids: ['s'] } },
      aws_dax_cluster: {
        dax_cluster_1111BBBB: {
          subnet_group_name: '${aws_dax_subnet_group.dax_subnets_0000AAAA.name}',
        },
      },
      aws_cloudwatch_metric_alarm: {
        // Depends on the cluster only through depends_on.
        dax_alarm_2222CCCC: { depends_on: ['aws_dax_cluster.dax_cluster_1111BBBB'] },
      },
      aws_s3_bucket: { bucket_3333DDDD: { tags: { key: '${aws_kms_key.key_A1B2C3D4.arn}' } } },
      aws_iam_role_policy: {
        reads_dax_4444EEEE: { policy: '${data.aws_iam_policy_document.dax_5555FFFF.json}' },
      },
    },
    data: {
      aws_iam_policy_document: {
        dax_5555FFFF: {
          statement: [{ resources: ['${aws_dax_cluster.dax_cluster_1111BBBB.arn}'] }],
        },
      },
    },
  };

  it('leaves out unsupported resources and everything that needs them, through data sources too', () => {
    expect(partialTargets(json, new Set(['aws_dax_subnet_group']))).toEqual({
      targets: ['aws_kms_key.key_A1B2C3D4', 'aws_s3_bucket.bucket_3333DDDD'],
      excluded: [
        'aws_cloudwatch_metric_alarm.dax_alarm_2222CCCC',
        'aws_dax_cluster.dax_cluster_1111BBBB',
        'aws_dax_subnet_group.dax_subnets_0000AAAA',
        'aws_iam_role_policy.reads_dax_4444EEEE',
      ],
    });
  });

  it('leaves out what reads an unsupported data source, named data.<type>', () => {
    expect(partialTargets(json, new Set(['data.aws_iam_policy_document'])).excluded).toEqual([
      'aws_iam_role_policy.reads_dax_4444EEEE',
    ]);
  });

  it('leaves out what reads an output the upstream stack did not produce', () => {
    const reading = {
      resource: {
        aws_cloudwatch_metric_alarm: {
          table_AAAA: {
            dimensions: { TableName: '${data.terraform_remote_state.data.outputs.tableName}' },
          },
          tableArn_BBBB: {
            alarm_actions: ['${data.terraform_remote_state.data.outputs.tableNameArn}'],
          },
        },
      },
    };
    expect(
      partialTargets(
        reading,
        new Set(),
        new Set(['data.terraform_remote_state.data.outputs.tableName']),
      ),
    ).toEqual({
      targets: ['aws_cloudwatch_metric_alarm.tableArn_BBBB'],
      excluded: ['aws_cloudwatch_metric_alarm.table_AAAA'],
    });
  });

  it('keeps a Helm release that reads a placeholder output, and leaves out the AWS resources that read it', () => {
    const group = '${data.terraform_remote_state.data.outputs.redisReplicationGroupId}';
    const reading = {
      resource: {
        helm_release: { root_AAAA: { values: [`user: ${group}-gateway`] } },
        aws_iam_role_policy: { gateway_BBBB: { policy: `replicationgroup:${group}` } },
        aws_eks_pod_identity_association: {
          gateway_CCCC: { role_arn: '${aws_iam_role_policy.gateway_BBBB.id}' },
        },
      },
    };
    expect(
      partialTargets(
        reading,
        new Set(),
        new Set(),
        new Set(['data.terraform_remote_state.data.outputs.redisReplicationGroupId']),
      ),
    ).toEqual({
      targets: ['helm_release.root_AAAA'],
      excluded: [
        'aws_eks_pod_identity_association.gateway_CCCC',
        'aws_iam_role_policy.gateway_BBBB',
      ],
    });
  });

  it('targets everything when nothing is unsupported', () => {
    expect(partialTargets(json, new Set()).excluded).toEqual([]);
  });
});
