import { stackDifferences, unexpectedDifferences } from './compare-synth';
import settings from './cdktn.json';

describe('comparing two frameworks’ synthesized stacks', () => {
  const cdktf = {
    '//': { metadata: { version: '0.21.0' } },
    terraform: { required_providers: { aws: { source: 'aws', version: '6.25.0' } } },
    resource: { aws_s3_bucket: { logs: { bucket: 'logs', tags: { a: '1' } } } },
  };

  it('names each value that differs, or is on one side only, by its path', () => {
    const cdktn = {
      '//': { metadata: { version: '0.24.0' } },
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '6.66.0' } } },
      resource: {
        aws_s3_bucket: { logs: { bucket: 'logs', tags: { a: '2' } } },
        aws_kms_key: { extra: {} },
      },
    };
    expect(stackDifferences(cdktf, cdktn).sort()).toEqual([
      '//.metadata.version',
      'resource.aws_kms_key',
      'resource.aws_s3_bucket.logs.tags.a',
      'terraform.required_providers.aws.source',
      'terraform.required_providers.aws.version',
    ]);
    expect(stackDifferences(cdktf, structuredClone(cdktf))).toEqual([]);
  });

  it('accepts only the differences cdktn.json expects, each with a reason', () => {
    const differences = ['//.metadata.version', 'resource.aws_s3_bucket.logs.tags.a'];
    expect(unexpectedDifferences(differences, settings.expectedDifferences)).toEqual([
      'resource.aws_s3_bucket.logs.tags.a',
    ]);
    for (const expected of settings.expectedDifferences) expect(expected.reason).not.toBe('');
  });
});
