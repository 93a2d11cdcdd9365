import { Construct } from 'constructs';
import { Naming } from '@strata/core';
import { roleArn, SearchAccessLevel, SearchRoleMapping } from '@strata/constructs';
import {
  catalogueEntries,
  componentIndexPrefix,
  componentRoleSuffix,
} from '@strata/constructs/vocabulary';

/**
 * One OpenSearch role per catalogue component that searches, acted as by the Pod Identity role
 * the cluster layer creates for it (named here by the same suffix): reads everywhere, and
 * with `read-write` owns the indices under its prefix.
 */
export function componentSearchRoles(scope: Construct, naming: Naming): SearchRoleMapping[] {
  return catalogueEntries().flatMap(([component, spec]) =>
    spec.data.search === undefined
      ? []
      : [
          {
            name: component,
            backendRoleArns: [roleArn(scope, naming.name(componentRoleSuffix(component)))],
            access:
              spec.data.search === 'read-write'
                ? SearchAccessLevel.READ_WRITE
                : SearchAccessLevel.READ,
            ownIndexPattern: `${componentIndexPrefix(component)}*`,
          },
        ],
  );
}
