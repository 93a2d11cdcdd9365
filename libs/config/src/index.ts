/**
 * The environment model: typed environment files, their YAML loader and the rules that refuse
 * bad input with the file, the field and the rule.
 *
 * @packageDocumentation
 * @module @strata/config
 */
export * from './alert-matchers';
export * from './aws-regions';
export * from '@strata/constructs/vocabulary';
export * from './config-error';
export * from './delivery-roles';
export * from './eks-versions';
export * from './environment';
export * from './environment-file';
export * from './environment-file-name';
export * from './example-environment';
export * from './front-door-hosts';
export * from './loader';
export * from './names';
export * from './parse-environment';
export * from './tags';
export * from './text-excerpt';
export { environmentFileSchema } from './model/file-schema';
export { type EnvironmentModel } from './model/schema';
export { environmentFieldReference, type FieldReference } from './model/reference';
export {
  BUDGET_EMAIL_RECIPIENTS_MAX,
  checkEnvironment,
  checkEnvironmentSet,
  ENVIRONMENT_RULES,
  type RuleFinding,
} from './rules';
export * from './testing/markdown-table';
export * from './testing/minimal-environment';
