import { Construct } from 'constructs';
import { TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

/** Properties of {@link DnsValidatedCertificate}. */
export interface DnsValidatedCertificateProps {
  /** The certificate's domain. */
  readonly domainName: string;
  /** Other names it covers. @default none */
  readonly subjectAlternativeNames?: readonly string[];
  /** Public hosted zone that holds the validation records. */
  readonly zoneId: string;
  /** Provider of the certificate's region (us-east-1 for CloudFront). */
  readonly provider?: TerraformProvider;
  /** Provider for the Route53 records (a global service). @default provider */
  readonly dnsProvider?: TerraformProvider;
}

/**
 * An ACM certificate validated through DNS records in a Route53 zone, so it renews itself
 * for as long as the records exist. `certificateArn` is the validated certificate: using
 * it waits for validation to finish.
 */
export class DnsValidatedCertificate extends Construct {
  /** The certificate's ARN. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, 'certificate', {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames
        ? [...props.subjectAlternativeNames]
        : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      lifecycle: { createBeforeDestroy: true },
    });
    this.node.defaultChild = certificate;
    // One record per domain, keyed by the domain name, which the provider knows at plan time.
    // Not TerraformIterator.fromComplexList: its tolist() of a set whose record values are
    // still unknown is itself unknown, so the first plan failed ("Invalid for_each argument").
    const options = TerraformIterator.fromMap(
      Token.asAnyMap(
        `\${{ for option in ${certificate.terraformResourceType}.${certificate.friendlyUniqueId}.domain_validation_options : option.domain_name => option }}`,
      ),
    );
    const records = new Route53Record(this, 'validation', {
      forEach: options,
      provider: props.dnsProvider ?? props.provider,
      zoneId: props.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      // A SAN shared with another certificate has the same record; either may own it.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validated', {
      provider: props.provider,
      certificateArn: certificate.arn,
      dependsOn: [records],
    });
    this.certificateArn = validation.certificateArn;
  }
}
