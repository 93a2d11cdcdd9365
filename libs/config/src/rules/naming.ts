import { isKnownRegion } from '../aws-regions';
import {
  CANARY_NAME_LIMIT,
  canaryName,
  DAX_NAME_LIMIT,
  daxClusterName,
  NAME_PREFIX_LIMIT,
  namePrefix,
} from '../names';
import { ENVIRONMENT_FILE_EXTENSION } from '../environment-file-name';
import { regionFields, Rule } from './rule';

export const fileNameMatches: Rule = (env) => {
  const base = env.sourceFile.split(/[\\/]/).pop()?.replace(ENVIRONMENT_FILE_EXTENSION, '');
  return base === env.name
    ? []
    : [
        {
          field: 'name',
          rule: 'name-matches-file',
          message: `is "${env.name}" but the file is named "${base}"`,
        },
      ];
};

export const namesFitLimits: Rule = (env) => {
  const longest = regionFields(env)
    .filter(([, region]) => isKnownRegion(region.name))
    .map(([field, region]) => ({ field, prefix: namePrefix(env, region.name) }))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return longest && longest.prefix.length > NAME_PREFIX_LIMIT
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the resource name prefix "${longest.prefix}" (${longest.field}) ${longest.prefix.length} characters long; AWS name limits allow at most ${NAME_PREFIX_LIMIT} (shorten name or project)`,
        },
      ]
    : [];
};

/** The longest of `nameOf` over the known regions when the layer is on and the prefix fits. */
function tooLongName(
  env: Parameters<Rule>[0],
  layerOn: boolean,
  limit: number,
  nameOf: (region: string) => string,
): string | undefined {
  // A prefix over its own limit is already reported by names-fit-limits.
  const prefixFits = env.regions.every(
    (region) => namePrefix(env, region.name).length <= NAME_PREFIX_LIMIT,
  );
  return layerOn && prefixFits
    ? env.regions
        .filter((region) => isKnownRegion(region.name))
        .map((region) => nameOf(region.name))
        .find((name) => name.length > limit)
    : undefined;
}

export const daxNameFits: Rule = (env) => {
  const tooLong = tooLongName(env, env.layers.data, DAX_NAME_LIMIT, (region) =>
    daxClusterName(env, region),
  );
  return tooLong
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the DAX cluster name "${tooLong}" ${tooLong.length} characters long; DAX allows at most ${DAX_NAME_LIMIT}`,
        },
      ]
    : [];
};

export const canaryNameFits: Rule = (env) => {
  const tooLong = tooLongName(env, env.layers.observability, CANARY_NAME_LIMIT, (region) =>
    canaryName(env, region, 'routed'),
  );
  return tooLong
    ? [
        {
          field: 'name',
          rule: 'name-length',
          message: `makes the canary name "${tooLong}" ${tooLong.length} characters long; Synthetics allows at most ${CANARY_NAME_LIMIT}`,
        },
      ]
    : [];
};
