import { isProduction } from '../environment';
import {
  AWS_TAG_LIMITS,
  CONSTRUCT_TAGS_MAX,
  SERVICE_TAG_PREFIXES,
  standardTags,
  tagKeySkeleton,
} from '../tags';
import { excerpt } from '../text-excerpt';
import { Rule, RuleFinding } from './rule';

/** AWS Budgets: email subscribers per notification (the anomaly subscription has the same cap). */
export const BUDGET_EMAIL_RECIPIENTS_MAX = 10;

/** Every tag Strata puts on a resource, checked against AWS's limits as one resource sees them. */
export const tagLimits: Rule = (env) => {
  const findings: RuleFinding[] = [];
  // Keys the project sets itself may not be overridden from the file.
  const standard = new Set(Object.keys(standardTags({ ...env, tags: {} }, 'state')));
  const standardBySkeleton = new Map([...standard].map((own) => [tagKeySkeleton(own), own]));
  // Keys by skeleton: a second key with the same one is a look-alike of the first.
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(env.tags)) {
    const skeleton = tagKeySkeleton(key);
    const field = `tags.${excerpt(key, 40)}`;
    const problem = (rule: string, message: string) => findings.push({ field, rule, message });
    if (standard.has(key)) {
      problem('tag-reserved', `is a tag Strata sets itself (${[...standard].join(', ')})`);
    }
    if (AWS_TAG_LIMITS.reservedPrefix.test(key)) {
      problem('tag-reserved', 'starts with "aws:", which AWS reserves for its own tags');
    }
    const servicePrefix = SERVICE_TAG_PREFIXES.find((prefix) =>
      key.toLowerCase().startsWith(prefix),
    );
    if (servicePrefix) {
      problem(
        'tag-reserved',
        `starts with "${servicePrefix}", which a service the platform runs uses for its own tags (discovery, ownership)`,
      );
    }
    const lookalike = standardBySkeleton.get(skeleton);
    if (lookalike !== undefined && lookalike !== key) {
      problem(
        'tag-reserved',
        `differs from "${lookalike}", a tag Strata sets itself, only in letter case or look-alike characters; AWS would keep both keys and cost reports would split`,
      );
    }
    const twin = seen.get(skeleton);
    if (twin !== undefined) {
      problem(
        'tag-lookalike',
        `differs from tags.${excerpt(twin, 40)} only in letter case or look-alike characters; AWS would keep both keys and cost reports would split`,
      );
    } else {
      seen.set(skeleton, key);
    }
    if (key.length === 0 || [...key].length > AWS_TAG_LIMITS.keyLength) {
      problem(
        'tag-length',
        `key must be 1-${AWS_TAG_LIMITS.keyLength} characters, it has ${[...key].length}`,
      );
    }
    if ([...value].length > AWS_TAG_LIMITS.valueLength) {
      problem(
        'tag-length',
        `value must be at most ${AWS_TAG_LIMITS.valueLength} characters, it has ${[...value].length}`,
      );
    }
    if (!AWS_TAG_LIMITS.characters.test(key) || !AWS_TAG_LIMITS.characters.test(value)) {
      problem(
        'tag-characters',
        `"${excerpt(key, 40)}: ${excerpt(value, 40)}" uses a character AWS refuses in tags (allowed: letters, digits, spaces and _ . : / = + - @)`,
      );
    }
  }
  if ([...env.costCentre].length > AWS_TAG_LIMITS.valueLength) {
    findings.push({
      field: 'costCentre',
      rule: 'tag-length',
      message: `must be at most ${AWS_TAG_LIMITS.valueLength} characters (it is the CostCentre tag)`,
    });
  }
  if (!AWS_TAG_LIMITS.characters.test(env.costCentre)) {
    findings.push({
      field: 'costCentre',
      rule: 'tag-characters',
      message:
        'uses a character AWS refuses in tags (allowed: letters, digits, spaces and _ . : / = + - @); it is the CostCentre tag',
    });
  }
  const allowed = AWS_TAG_LIMITS.perResource - standard.size - CONSTRUCT_TAGS_MAX;
  const count = Object.keys(env.tags).length;
  if (count > allowed) {
    findings.push({
      field: 'tags',
      rule: 'tag-count',
      message: `has ${count} tags; AWS allows ${AWS_TAG_LIMITS.perResource} per resource and Strata sets up to ${standard.size + CONSTRUCT_TAGS_MAX} itself, so at most ${allowed} fit`,
    });
  }
  return findings;
};

export const budgetRecipients: Rule = (env) =>
  env.budget.alertEmails.length > BUDGET_EMAIL_RECIPIENTS_MAX
    ? [
        {
          field: 'budget.alertEmails',
          rule: 'budget-recipients',
          message: `lists ${env.budget.alertEmails.length} addresses; AWS Budgets and cost anomaly subscriptions allow ${BUDGET_EMAIL_RECIPIENTS_MAX} (use a distribution list)`,
        },
      ]
    : [];

/** A recipient listed twice makes two Terraform resources for one SNS subscription or budget subscriber. */
export const recipientsUnique: Rule = (env) =>
  (
    [
      ['budget.alertEmails', env.budget.alertEmails],
      ['observability.notifications.critical', env.observability.notifications.critical],
      ['observability.notifications.warning', env.observability.notifications.warning],
    ] as const
  ).flatMap(([field, recipients]) => {
    // Lists inherited from the budget contacts are reported once, on the budget.
    const inherited =
      field !== 'budget.alertEmails' && recipients.join('\n') === env.budget.alertEmails.join('\n');
    if (inherited) return [];
    const seen = new Set<string>();
    return recipients.flatMap((recipient, index) => {
      const key = recipient.toLowerCase();
      const duplicate = seen.has(key);
      seen.add(key);
      return duplicate
        ? [
            {
              field: `${field}.${index}`,
              rule: 'recipients-unique',
              message: `"${excerpt(recipient, 60)}" is listed twice; SNS keeps one subscription per endpoint (the copy would fight the original) and Budgets refuses duplicates`,
            },
          ]
        : [];
    });
  });

export const emulatorNotProduction: Rule = (env) =>
  env.emulator && isProduction(env)
    ? [
        {
          field: 'emulator',
          rule: 'emulator-non-production',
          message:
            'is set on a production environment; the emulator uses fake credentials and no account lock, so it is for development and staging only',
        },
      ]
    : [];
