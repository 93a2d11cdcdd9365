import { DATA_STORE_PORTS } from '../../network/data-store-ports';
import { ARGO_CD_NAMESPACE } from './argo-cd';
import { PLATFORM_COMPONENTS } from './platform-components';

/** One outside destination of the mesh (a ServiceEntry) and the namespaces that may reach it. */
export interface MeshEgress {
  /** The ServiceEntry's name. */
  readonly name: string;
  /** The host names. */
  readonly hosts: readonly string[];
  /** Address ranges instead of names (destinations the workloads dial by IP, or any name). */
  readonly addresses?: readonly string[];
  /** Its ports. */
  readonly ports: ReadonlyArray<{
    /** The port. */
    readonly number: number;
    /** `TLS` (the host name is read from the handshake) or `TCP`. */
    readonly protocol: 'TLS' | 'TCP';
  }>;
  /** The namespaces that may reach it. */
  readonly exportTo: readonly string[];
}

/** Host and port a Git or HTTPS URL connects to: `https://h/x` (443), `git@h:x` and `ssh://` (22). */
export function urlEndpoint(url: string): {
  /** The host name. */
  host: string;
  /** The port. */
  port: number;
} {
  const scp = /^[\w.-]+@([^:/]+):/.exec(url);
  if (scp) return { host: scp[1], port: 22 };
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'ssh:' ? 22 : 443;
  return { host: parsed.hostname, port };
}

/** What `PlatformEgress` opens: the destinations the platform itself needs. */
export interface PlatformEgressProps {
  /** Argo CD clones it (repo-server). */
  readonly gitopsRepoUrl: string;
  /** Argo CD's server signs people in against it. @default no SSO */
  readonly identityProviderUrl?: string;
  /** The data subnets, where Aurora, its proxy, Redis, DAX, MSK and OpenSearch live. */
  readonly dataSubnetCidrs: readonly string[];
  /** A name for the data-store entry (ServiceEntries need one; nothing resolves it). */
  readonly dataStoresHost: string;
}

/**
 * What the platform's meshed namespaces must reach outside the mesh: Argo CD its Git
 * repository and identity provider; the components the data stores (by the data subnets'
 * ranges, on the stores' ports) and the AWS APIs (Secrets Manager, SQS, DynamoDB, S3, STS).
 */
export function platformEgress(props: PlatformEgressProps): MeshEgress[] {
  const endpoint = (name: string, url: string): MeshEgress => {
    const { host, port } = urlEndpoint(url);
    return {
      name,
      hosts: [host],
      ports: [{ number: port, protocol: port === 22 ? 'TCP' : 'TLS' }],
      exportTo: [ARGO_CD_NAMESPACE],
    };
  };
  const components = [...PLATFORM_COMPONENTS];
  return [
    endpoint('gitops-repository', props.gitopsRepoUrl),
    ...(props.identityProviderUrl
      ? [endpoint('identity-provider', props.identityProviderUrl)]
      : []),
    {
      name: 'aws-apis',
      hosts: ['*.amazonaws.com'],
      ports: [{ number: DATA_STORE_PORTS.https, protocol: 'TLS' }],
      exportTo: components,
    },
    {
      name: 'data-stores',
      hosts: [props.dataStoresHost],
      addresses: props.dataSubnetCidrs,
      ports: [
        DATA_STORE_PORTS.postgres,
        DATA_STORE_PORTS.redis,
        DATA_STORE_PORTS.kafkaIam,
        DATA_STORE_PORTS.dax,
      ].map((number) => ({ number, protocol: 'TCP' as const })),
      exportTo: components,
    },
  ];
}
