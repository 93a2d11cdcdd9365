/**
 * The smallest valid environment file: development, one region, the network and data layers.
 * Specs write it (or an edit of it) into a temporary environments/ directory; its line
 * numbers are relied on, so edit with care.
 */
export const MINIMAL_ENVIRONMENT_FILE = `name: dev
tier: development
accountId: '111111111111'
costCentre: dev
regions:
  primary: { name: us-east-1, vpcCidr: 10.10.0.0/16 }
network: { azCount: 2 }
dnsDomain: dev.example.com
budget: { monthlyLimitUsd: 10, alertEmails: [a@example.com] }
layers: { cluster: false, edge: false, observability: false }
`;
