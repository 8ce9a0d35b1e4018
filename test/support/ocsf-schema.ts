import { existsSync } from 'node:fs';
import { fixturePath, loadJsonFixture } from '../fixtures';

/**
 * A small OCSF validator over the schema definitions in test/fixtures/ocsf-schema (ocsf/ocsf-schema at
 * 1.9.0-dev): it resolves an event class through `extends` and `$include` (profiles count only when the
 * event declares them in `metadata.profiles`), then checks required attributes, `at_least_one`
 * constraints, attribute types from the dictionary (recursively into objects), enum values and their
 * sibling captions, and `type_uid`/`class_uid` arithmetic. Unknown attributes are errors: a typo must not
 * pass as an extension.
 */
interface AttributeDef {
  readonly requirement?: string;
  readonly type?: string;
  readonly is_array?: boolean;
  readonly enum?: Readonly<Record<string, { readonly caption?: string }>>;
  readonly sibling?: string;
  readonly profile?: string | null;
}

interface Definition {
  readonly name?: string;
  readonly uid?: number;
  readonly extends?: string;
  readonly category?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly constraints?: { readonly at_least_one?: readonly string[] };
}

interface Resolved {
  readonly attributes: Map<string, AttributeDef>;
  /** Attribute → the profile it comes from, for attributes that apply only with that profile. */
  readonly profileOf: Map<string, string>;
  readonly constraints: { at_least_one?: readonly string[] } | undefined;
}

const ROOT = 'ocsf-schema';
const DERIVED = new Set(['class_uid', 'category_uid', 'type_uid']);

/**
 * The IAM category's classes are not among the copied fixtures (test/fixtures/README.md §5: the
 * application category only). What validation needs of them is transcribed here from
 * ocsf/ocsf-schema `events/iam/iam.json`, `account_change.json` and `entity_management.json`; the objects
 * and dictionary they use are resolved from the fixtures as for the other classes.
 */
const TRANSCRIBED: Readonly<Record<string, Definition>> = {
  iam: {
    name: 'iam',
    extends: 'base_event',
    category: 'iam',
    attributes: {
      $include: ['profiles/host.json'],
      http_request: { requirement: 'optional' },
      http_response: { requirement: 'optional' },
      src_endpoint: { requirement: 'recommended' },
    },
  },
  account_change: {
    name: 'account_change',
    uid: 1,
    extends: 'iam',
    attributes: {
      activity_id: {
        enum: Object.fromEntries(
          [
            'Create',
            'Enable',
            'Password Change',
            'Password Reset',
            'Disable',
            'Delete',
            'Attach Policy',
            'Detach Policy',
            'Lock',
            'MFA Factor Enable',
            'MFA Factor Disable',
          ].map((caption, i) => [String(i + 1), { caption }]),
        ),
      },
      actor: { requirement: 'recommended', profile: null },
      policy: { requirement: 'optional' },
      user: { requirement: 'required' },
      user_result: { requirement: 'optional' },
    },
  },
  entity_management: {
    name: 'entity_management',
    uid: 4,
    extends: 'iam',
    attributes: {
      activity_id: {
        enum: {
          '1': { caption: 'Create' },
          '2': { caption: 'Read' },
          '3': { caption: 'Update' },
          '4': { caption: 'Delete' },
        },
      },
      actor: { requirement: 'optional' },
      comment: { requirement: 'recommended' },
      entity: { requirement: 'required' },
      entity_result: { requirement: 'recommended' },
    },
  },
};

const EVENT_FILES: Readonly<Record<string, string>> = {
  base_event: 'events/base_event.json',
  application: 'events/application/application.json',
  api_activity: 'events/application/api_activity.json',
  web_resources_activity: 'events/application/web_resources_activity.json',
};

export const CLASS_NAMES: Readonly<Record<number, string>> = {
  6001: 'web_resources_activity',
  6003: 'api_activity',
  3001: 'account_change',
  3004: 'entity_management',
};

const dictionary = loadJsonFixture(`${ROOT}/dictionary.json`) as {
  attributes: Record<string, AttributeDef>;
  types: { attributes: Record<string, { type?: string; regex?: string }> };
};
const categories = (
  loadJsonFixture(`${ROOT}/categories.json`) as { attributes: Record<string, { uid: number }> }
).attributes;

function eventDefinition(name: string): Definition {
  const transcribed = TRANSCRIBED[name];
  if (transcribed) return transcribed;
  const file = EVENT_FILES[name];
  if (!file) throw new Error(`OCSF event class '${name}' is not in the fixtures`);
  return loadJsonFixture(`${ROOT}/${file}`) as Definition;
}

function objectDefinition(name: string): Definition {
  if (!existsSync(fixturePath(`${ROOT}/objects/${name}.json`))) {
    throw new Error(`OCSF object '${name}' is not in the fixtures`);
  }
  return loadJsonFixture(`${ROOT}/objects/${name}.json`) as Definition;
}

/** Merges a definition's chain: parent attributes first, each child's fields over them, `$include`s in. */
function resolve(definition: Definition, load: (name: string) => Definition): Resolved {
  const parent = definition.extends ? resolve(load(definition.extends), load) : undefined;
  const attributes = new Map(parent?.attributes ?? []);
  const profileOf = new Map(parent?.profileOf ?? []);
  const merge = (name: string, def: AttributeDef, profile?: string) => {
    const previous = attributes.get(name) ?? {};
    const enumValues =
      previous.enum || def.enum ? { ...(previous.enum ?? {}), ...(def.enum ?? {}) } : undefined;
    attributes.set(name, { ...previous, ...def, ...(enumValues ? { enum: enumValues } : {}) });
    if (profile && !profileOf.has(name) && !(name in (definition.attributes ?? {})))
      profileOf.set(name, profile);
  };
  for (const [name, value] of Object.entries(definition.attributes ?? {})) {
    if (name === '$include') {
      for (const path of value as string[]) {
        const included = loadJsonFixture(`${ROOT}/${path}`) as Definition & { meta?: string };
        for (const [attr, def] of Object.entries(included.attributes ?? {})) {
          merge(attr, def as AttributeDef, included.meta === 'profile' ? included.name : undefined);
        }
      }
      continue;
    }
    merge(name, value as AttributeDef);
    // An attribute the class itself declares (with `profile: null`) is no longer a profile's.
    if ((value as AttributeDef).profile === null) profileOf.delete(name);
  }
  return { attributes, profileOf, constraints: definition.constraints ?? parent?.constraints };
}

const objectCache = new Map<string, Resolved>();
function resolvedObject(name: string): Resolved {
  let resolved = objectCache.get(name);
  if (!resolved) {
    resolved = resolve(objectDefinition(name), (n) => objectDefinition(n));
    objectCache.set(name, resolved);
  }
  return resolved;
}

export function classRequirements(classUid: number): { required: string[]; attributes: string[] } {
  const resolved = resolve(eventDefinition(CLASS_NAMES[classUid]!), eventDefinition);
  const attributes = [...resolved.attributes.keys()].filter((a) => !resolved.profileOf.has(a));
  return {
    attributes,
    required: attributes.filter((a) => resolved.attributes.get(a)?.requirement === 'required').sort(),
  };
}

/** Every problem found with `event`; empty when it is a valid instance of its class. */
export function validateOcsf(event: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const classUid = event.class_uid;
  const className = typeof classUid === 'number' ? CLASS_NAMES[classUid] : undefined;
  if (!className) return [`class_uid ${String(classUid)} is not a class this validator knows`];
  const definition = eventDefinition(className);
  const resolved = resolve(definition, eventDefinition);
  // The class's category is the first `category` up its chain.
  let categoryName: string | undefined;
  for (
    let d: Definition | undefined = definition;
    d && !categoryName;
    d = d.extends ? eventDefinition(d.extends) : undefined
  ) {
    categoryName = d.category;
  }
  const categoryUid = categoryName ? categories[categoryName]?.uid : undefined;
  if (event.category_uid !== categoryUid) problems.push(`category_uid must be ${categoryUid}`);
  if (categoryUid !== undefined && classUid !== categoryUid * 1000 + (definition.uid ?? 0)) {
    problems.push(`class_uid must be ${categoryUid * 1000 + (definition.uid ?? 0)}`);
  }
  if (event.type_uid !== (classUid as number) * 100 + (event.activity_id as number)) {
    problems.push('type_uid must be class_uid * 100 + activity_id');
  }
  const profiles = new Set(
    ((event.metadata as { profiles?: string[] } | undefined)?.profiles ?? []) as string[],
  );
  checkObject(event, resolved, profiles, '', problems);
  return problems;
}

function checkObject(
  value: Record<string, unknown>,
  resolved: Resolved,
  profiles: ReadonlySet<string>,
  path: string,
  problems: string[],
): void {
  const active = (name: string) => {
    const profile = resolved.profileOf.get(name);
    return profile === undefined || profiles.has(profile);
  };
  for (const [name, def] of resolved.attributes) {
    if (def.requirement === 'required' && active(name) && value[name] === undefined) {
      problems.push(`${path}${name} is required`);
    }
  }
  const atLeastOne = resolved.constraints?.at_least_one;
  if (atLeastOne && !atLeastOne.some((name) => value[name] !== undefined)) {
    problems.push(`${path || 'event '}needs at least one of ${atLeastOne.join(', ')}`);
  }
  for (const [name, item] of Object.entries(value)) {
    const def = resolved.attributes.get(name);
    if (!def || !active(name)) {
      problems.push(`${path}${name} is not an attribute here`);
      continue;
    }
    const general = dictionary.attributes[name];
    if (!general) {
      problems.push(`${path}${name} is not in the dictionary`);
      continue;
    }
    const type = def.type ?? general.type ?? 'string_t';
    const isArray = def.is_array ?? general.is_array ?? false;
    // The base event's class and category enums are placeholders the schema compiler fills per class;
    // their values are checked by the arithmetic in validateOcsf instead.
    const enumValues = DERIVED.has(name) ? undefined : (def.enum ?? general.enum);
    const check = (element: unknown, at: string) => {
      checkType(element, type, profiles, at, problems);
      if (enumValues && (typeof element === 'number' || typeof element === 'string')) {
        const entry = enumValues[String(element)];
        if (!entry)
          problems.push(`${at} = ${String(element)} is not one of ${Object.keys(enumValues).join(', ')}`);
        const sibling = def.sibling ?? general.sibling;
        if (
          entry &&
          sibling &&
          String(element) !== '99' &&
          value[sibling] !== undefined &&
          value[sibling] !== entry.caption
        ) {
          problems.push(`${path}${sibling} must be '${entry.caption}' for ${at} = ${String(element)}`);
        }
      }
    };
    if (isArray) {
      if (!Array.isArray(item)) problems.push(`${path}${name} must be an array`);
      else item.forEach((element, i) => check(element, `${path}${name}[${i}]`));
    } else check(item, `${path}${name}`);
  }
}

function checkType(
  value: unknown,
  type: string,
  profiles: ReadonlySet<string>,
  at: string,
  problems: string[],
): void {
  const primitive = primitiveOf(type);
  if (primitive) {
    const ok =
      primitive === 'string_t'
        ? typeof value === 'string'
        : primitive === 'integer_t' || primitive === 'long_t'
          ? Number.isInteger(value)
          : primitive === 'float_t'
            ? typeof value === 'number'
            : primitive === 'boolean_t'
              ? typeof value === 'boolean'
              : true;
    if (!ok) problems.push(`${at} must be ${type}, got ${JSON.stringify(value)}`);
    const regex = dictionary.types.attributes[type]?.regex;
    if (ok && regex && typeof value === 'string' && !new RegExp(regex).test(value)) {
      problems.push(`${at} does not match the ${type} pattern`);
    }
    return;
  }
  if (type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      problems.push(`${at} must be an object`);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${at} must be a ${type} object`);
    return;
  }
  checkObject(value as Record<string, unknown>, resolvedObject(type), profiles, `${at}.`, problems);
}

/** `timestamp_t` → `long_t`, `email_t` → `string_t`…; undefined for object types. */
function primitiveOf(type: string): string | undefined {
  if (!type.endsWith('_t')) return undefined;
  const base = dictionary.types.attributes[type]?.type;
  return base && base !== type ? (primitiveOf(base) ?? base) : type;
}
