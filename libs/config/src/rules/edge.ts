import { RoutingPolicy } from '../environment';
import { Rule } from './rule';

export const weightedRoutingWeights: Rule = (env) => {
  const { routing, weights } = env.edge;
  if (routing !== RoutingPolicy.WEIGHTED) {
    return weights
      ? [
          {
            field: 'edge.weights',
            rule: 'routing-weights',
            message: `is only used with routing: weighted (routing is ${routing})`,
          },
        ]
      : [];
  }
  const missing =
    !weights || (env.secondaryRegion && weights.secondary === undefined)
      ? 'needs a weight for every region (primary and secondary)'
      : (weights.primary ?? 0) + (weights.secondary ?? 0) === 0
        ? 'must give at least one region a weight above 0'
        : undefined;
  return missing
    ? [
        {
          field: weights ? 'edge.weights' : 'edge.routing',
          rule: 'routing-weights',
          message: missing,
        },
      ]
    : [];
};

export const secondaryWeightNeedsRegion: Rule = (env) =>
  env.edge.weights?.secondary !== undefined && !env.secondaryRegion
    ? [
        {
          field: 'edge.weights.secondary',
          rule: 'routing-weights',
          message: 'is set but regions.secondary is not',
        },
      ]
    : [];
