import { IConstruct } from 'constructs';
import { readable } from './readable';

/**
 * A prop AWS would refuse, caught at construction rather than at apply: the message names the
 * construct (its class and path), the prop, the value given (none for a missing one) and the
 * rule, with no raw token.
 */
export class PropError extends Error {
  constructor(scope: IConstruct, prop: string, value: unknown, rule: string) {
    const given = value === undefined ? '' : ` "${readable(value)}"`;
    super(`${scope.constructor.name} ${scope.node.path}: ${prop}${given}: ${rule}`);
    this.name = 'PropError';
  }
}
