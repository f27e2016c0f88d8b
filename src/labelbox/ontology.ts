/**
 * The Labelbox ontology a predict request is answered against: the SDK's normalized form
 * (`{tools, classifications}`) or the manifest's `ontology` (`{media_type, classifications, tools}`),
 * read into one flat list of features that each know their kind.
 *
 * @see https://docs.labelbox.com/reference/ontology
 * @see ../shared/reference/labelbox.md §1.4 (shape taken from the SDK's `OntologyBuilder.asdict`)
 */

import { z } from 'zod';
import { GatewayError, type ErrorDetail } from '../errors.js';
import { issuesToDetails, parseJsonString } from './validation.js';

export const classificationKinds = [
  ...['text', 'radio', 'checklist'],
  // Response-creation ontologies: the same shapes under other names.
  ...['prompt', 'response-text', 'response-radio', 'response-checklist'],
] as const;

/** Tool kinds of the SDK's `Tool.Type` enum plus the newer tool-building kinds. */
export const toolKinds = [
  ...['named-entity', 'rectangle', 'point', 'polygon', 'line', 'raster-segmentation', 'superpixel', 'edge'],
  ...['message-single-selection', 'message-multi-selection', 'message-ranking'],
  ...['step-reasoning', 'fact-checking', 'prompt-issue'],
] as const;

export type ClassificationKind = (typeof classificationKinds)[number];
export type ToolKind = (typeof toolKinds)[number];
export type FeatureKind = ClassificationKind | ToolKind;

/** Kinds whose answer is a choice among `options`, so they need at least one. */
const kindsWithOptions: ReadonlySet<FeatureKind> = new Set([
  'radio',
  'checklist',
  'response-radio',
  'response-checklist',
]);

export interface FeatureOption {
  readonly label: string;
  readonly value: string;
  /** Classifications asked only when this option is chosen; also listed in `Ontology.features`. */
  readonly classifications: readonly Feature[];
  readonly schemaNodeId: string | undefined;
  readonly featureSchemaId: string | undefined;
}

/** Where a nested classification hangs: answered only when `optionValue` of `featureName` is chosen. */
export interface FeatureParent {
  readonly featureName: string;
  readonly optionValue: string;
}

export interface Feature {
  readonly kind: FeatureKind;
  readonly name: string;
  /** Labelbox defaults `instructions` to the name. */
  readonly instructions: string;
  readonly required: boolean;
  readonly options: readonly FeatureOption[];
  /** Classifications nested under a tool (per-object attributes): parsed but not predicted. */
  readonly classifications: readonly Feature[];
  readonly parent: FeatureParent | undefined;
  /** Location in the request, e.g. `ontology.classifications.0.options.1.options.0`. */
  readonly path: string;
  readonly scope: string | undefined;
  readonly schemaNodeId: string | undefined;
  readonly featureSchemaId: string | undefined;
}

export interface Ontology {
  readonly mediaType: string | undefined;
  /** Every feature a prediction answers, parents before their nested classifications. */
  readonly features: readonly Feature[];
}

const schemaIds = {
  schemaNodeId: z.string().nullish(),
  featureSchemaId: z.string().nullish(),
};

interface OptionInput {
  label?: string | number | null | undefined;
  value?: string | number | null | undefined;
  options?: ClassificationInput[] | null | undefined;
  schemaNodeId?: string | null | undefined;
  featureSchemaId?: string | null | undefined;
}

interface ClassificationInput {
  type: ClassificationKind;
  name?: string | undefined;
  instructions?: string | null | undefined;
  required?: boolean | null | undefined;
  options?: OptionInput[] | null | undefined;
  scope?: string | null | undefined;
  schemaNodeId?: string | null | undefined;
  featureSchemaId?: string | null | undefined;
}

const nameOrInstructions = (value: { name?: string | undefined; instructions?: string | null | undefined }) =>
  value.name !== undefined || (value.instructions ?? '') !== '';

const optionSchema: z.ZodType<OptionInput> = z.lazy(() =>
  z.object({
    label: z.union([z.string(), z.number()]).nullish(),
    value: z.union([z.string(), z.number()]).nullish(),
    options: z.array(classificationSchema).nullish(),
    ...schemaIds,
  }),
);

/** The manifest form may list options as bare strings; read them as `{value}` so errors keep their path. */
const optionOrBareValue = z.preprocess(
  (option) => (typeof option === 'string' || typeof option === 'number' ? { value: option } : option),
  optionSchema,
);

const classificationSchema: z.ZodType<ClassificationInput> = z.lazy(() =>
  z
    .object({
      type: z.enum(classificationKinds),
      name: z.string().min(1).optional(),
      instructions: z.string().nullish(),
      required: z.boolean().nullish(),
      options: z.array(optionOrBareValue).nullish(),
      scope: z.string().nullish(),
      ...schemaIds,
    })
    .refine(nameOrInstructions, { message: 'a classification needs a name', path: ['name'] }),
);

const toolSchema = z
  .object({
    tool: z.enum(toolKinds).optional(),
    // Hand-written manifests sometimes say `type` for tools too.
    type: z.enum(toolKinds).optional(),
    name: z.string().min(1),
    instructions: z.string().nullish(),
    required: z.boolean().nullish(),
    classifications: z.array(classificationSchema).nullish(),
    ...schemaIds,
  })
  .refine((tool) => tool.tool !== undefined || tool.type !== undefined, {
    message: `a tool needs its kind in "tool" (one of ${toolKinds.join(', ')})`,
    path: ['tool'],
  });

const ontologySchema = z.object({
  media_type: z.string().nullish(),
  mediaType: z.string().nullish(),
  tools: z.array(toolSchema).nullish(),
  classifications: z.array(classificationSchema).nullish(),
});

/** Collects semantic problems (duplicates, missing options) so one 400 lists all of them. */
class OntologyReader {
  readonly features: Feature[] = [];
  readonly problems: ErrorDetail[] = [];
  private readonly firstPathByName = new Map<string, string>();

  classification(
    input: ClassificationInput,
    path: string,
    parent: FeatureParent | undefined,
    keyed: boolean,
  ): Feature {
    const name = input.name ?? input.instructions ?? '';
    const options: FeatureOption[] = [];
    const feature: Feature = {
      kind: input.type,
      name,
      instructions: input.instructions ?? name,
      required: input.required ?? false,
      options,
      classifications: [],
      parent,
      path,
      scope: input.scope ?? undefined,
      schemaNodeId: input.schemaNodeId ?? undefined,
      featureSchemaId: input.featureSchemaId ?? undefined,
    };
    // Added before its options are read, so the flat list has parents before nested features.
    if (keyed) this.addKeyed(feature);
    if (kindsWithOptions.has(input.type)) options.push(...this.options(input, path, keyed));
    if (kindsWithOptions.has(input.type) && options.length === 0) {
      const message = `a ${input.type} classification needs at least one option`;
      this.problems.push({ path: `${path}.options`, message });
    }
    return feature;
  }

  private options(input: ClassificationInput, path: string, keyed: boolean): FeatureOption[] {
    const options: FeatureOption[] = [];
    const seenValues = new Set<string>();
    (input.options ?? []).forEach((option, index) => {
      const optionPath = `${path}.options.${index}`;
      const value = String(option.value ?? option.label ?? '');
      if (value === '') {
        this.problems.push({ path: optionPath, message: 'an option needs a value or a label' });
        return;
      }
      if (seenValues.has(value)) {
        this.problems.push({ path: `${optionPath}.value`, message: `option value "${value}" is listed twice` });
        return;
      }
      seenValues.add(value);
      const optionParent = { featureName: input.name ?? input.instructions ?? '', optionValue: value };
      options.push({
        label: String(option.label ?? value),
        value,
        classifications: (option.options ?? []).map((nested, nestedIndex) =>
          this.classification(nested, `${optionPath}.options.${nestedIndex}`, optionParent, keyed),
        ),
        schemaNodeId: option.schemaNodeId ?? undefined,
        featureSchemaId: option.featureSchemaId ?? undefined,
      });
    });
    return options;
  }

  tool(input: z.infer<typeof toolSchema>, path: string): void {
    const kind = input.tool ?? input.type;
    if (kind === undefined) return; // refused by the schema's refine
    this.addKeyed({
      kind,
      name: input.name,
      instructions: input.instructions ?? input.name,
      required: input.required ?? false,
      options: [],
      // Per-object attributes are not keyed by name in the answer, so they skip the duplicate check.
      classifications: (input.classifications ?? []).map((nested, index) =>
        this.classification(nested, `${path}.classifications.${index}`, undefined, false),
      ),
      parent: undefined,
      path,
      scope: undefined,
      schemaNodeId: input.schemaNodeId ?? undefined,
      featureSchemaId: input.featureSchemaId ?? undefined,
    });
  }

  /** Answers are keyed by feature name, so two features with one name could not both be answered. */
  private addKeyed(feature: Feature): void {
    const firstPath = this.firstPathByName.get(feature.name);
    if (firstPath !== undefined) {
      this.problems.push({
        path: `${feature.path}.name`,
        message: `feature name "${feature.name}" is already used at ${firstPath}; answers are keyed by name`,
      });
      return;
    }
    this.firstPathByName.set(feature.name, feature.path);
    this.features.push(feature);
  }
}

function invalidOntology(details: readonly ErrorDetail[]): GatewayError {
  const first = details[0];
  const summary = first === undefined ? '' : ` (${first.path}: ${first.message})`;
  return new GatewayError('invalid_request', `ontology is invalid${summary}`, { details });
}

/**
 * Reads an ontology from the request or the manifest (object or JSON string). Unknown keys are
 * ignored; every problem is reported as a 400 `invalid_request` with its `ontology.`-prefixed path.
 *
 * @example
 * parseOntology({ classifications: [{ type: 'radio', name: 'sentiment', options: ['positive', 'negative'] }] });
 */
export function parseOntology(input: unknown): Ontology {
  const value = typeof input === 'string' ? parseJsonString(input, 'ontology') : input;
  const result = ontologySchema.safeParse(value);
  if (!result.success) throw invalidOntology(issuesToDetails(result.error.issues, 'ontology'));
  const reader = new OntologyReader();
  (result.data.classifications ?? []).forEach((classification, index) =>
    reader.classification(classification, `ontology.classifications.${index}`, undefined, true),
  );
  (result.data.tools ?? []).forEach((tool, index) => reader.tool(tool, `ontology.tools.${index}`));
  if (reader.problems.length > 0) throw invalidOntology(reader.problems);
  if (reader.features.length === 0) {
    throw invalidOntology([{ path: 'ontology', message: 'the ontology has no tools or classifications to predict' }]);
  }
  return { mediaType: result.data.media_type ?? result.data.mediaType ?? undefined, features: reader.features };
}

/**
 * Refuses (400) an ontology that asks for a feature kind the manifest's `allowed_feature_kinds`
 * does not list, naming every such feature and its kind.
 */
export function assertAllowedFeatureKinds(ontology: Ontology, allowed: readonly string[]): void {
  const allowedKinds = new Set(allowed);
  const allowedList = allowed.join(', ') || 'no feature kinds';
  const details = ontology.features
    .filter((feature) => !allowedKinds.has(feature.kind))
    .map((feature) => ({
      path: feature.path,
      message: `feature "${feature.name}" is a ${feature.kind}; this model allows ${allowedList}`,
    }));
  const first = details[0];
  if (first === undefined) return;
  throw new GatewayError('invalid_request', first.message, { details });
}
