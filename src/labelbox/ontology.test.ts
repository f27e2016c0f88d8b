import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { assertAllowedFeatureKinds, parseOntology, type Ontology } from './ontology.js';
import { gatewayErrorThrownBy } from '../../test/support/thrown.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ontologies/${name}`, import.meta.url), 'utf8');

const caught = gatewayErrorThrownBy;

const summary = (ontology: Ontology) =>
  ontology.features.map((feature) => ({
    kind: feature.kind,
    name: feature.name,
    required: feature.required,
    options: feature.options.map((option) => option.value),
    parent: feature.parent,
  }));

describe('parseOntology', () => {
  it('reads the normalized ontology into a flat feature list, nested classifications after their parent', () => {
    const ontology = parseOntology(JSON.parse(fixture('text-ontology.json')));
    expect(summary(ontology)).toEqual([
      { kind: 'radio', name: 'sentiment', required: true, options: ['positive', 'negative'], parent: undefined },
      {
        kind: 'radio',
        name: 'negative reason',
        required: false,
        options: ['price', 'service'],
        parent: { featureName: 'sentiment', optionValue: 'negative' },
      },
      { kind: 'checklist', name: 'topics', required: false, options: ['work', 'family', 'travel'], parent: undefined },
      { kind: 'text', name: 'summary', required: true, options: [], parent: undefined },
      { kind: 'named-entity', name: 'person', required: false, options: [], parent: undefined },
      { kind: 'named-entity', name: 'organization', required: false, options: [], parent: undefined },
    ]);
    const [sentiment, nested] = ontology.features;
    expect(sentiment?.instructions).toBe('Overall sentiment of the text');
    expect(sentiment?.featureSchemaId).toBe('clx0radio0sentiment000002');
    expect(sentiment?.options[1]?.label).toBe('Negative');
    expect(sentiment?.options[1]?.classifications[0]).toBe(nested);
    expect(nested?.path).toBe('ontology.classifications.0.options.1.options.0');
  });

  it('reads the manifest form: media_type, bare string options, instructions defaulting to the name', () => {
    const ontology = parseOntology(parseYaml(fixture('manifest-ontology.yaml')));
    expect(ontology.mediaType).toBe('text');
    expect(summary(ontology)).toEqual([
      { kind: 'radio', name: 'language', required: true, options: ['english', 'french', 'other'], parent: undefined },
      { kind: 'checklist', name: 'flags', required: false, options: ['question', 'url'], parent: undefined },
      { kind: 'text', name: 'title', required: false, options: [], parent: undefined },
      { kind: 'named-entity', name: 'place', required: false, options: [], parent: undefined },
    ]);
    expect(ontology.features[1]?.instructions).toBe('flags');
    expect(ontology.features[1]?.options[0]?.label).toBe('Contains a question');
  });

  it('accepts the ontology as a JSON string and ignores unknown keys', () => {
    const ontology = parseOntology(
      JSON.stringify({ extra: 1, tools: [{ tool: 'rectangle', name: 'car', color: '#fff', somethingNew: true }] }),
    );
    expect(summary(ontology)).toEqual([{ kind: 'rectangle', name: 'car', required: false, options: [], parent: undefined }]);
  });

  it('keeps classifications nested under a tool on the tool, not in the keyed list', () => {
    const ontology = parseOntology({
      tools: [
        {
          tool: 'rectangle',
          name: 'car',
          classifications: [{ type: 'radio', name: 'colour', options: [{ label: 'red', value: 'red' }] }],
        },
      ],
    });
    expect(ontology.features.map((feature) => feature.name)).toEqual(['car']);
    expect(ontology.features[0]?.classifications[0]?.name).toBe('colour');
  });

  it.each([
    {
      title: 'a radio without options',
      input: { classifications: [{ type: 'radio', name: 'weather', options: [] }] },
      path: 'ontology.classifications.0.options',
    },
    {
      title: 'an unknown classification type',
      input: { classifications: [{ type: 'dropdown', name: 'weather' }] },
      path: 'ontology.classifications.0.type',
    },
    {
      title: 'an unknown tool kind',
      input: { tools: [{ tool: 'cuboid', name: 'box' }] },
      path: 'ontology.tools.0.tool',
    },
    {
      title: 'a tool without a kind',
      input: { tools: [{ name: 'box' }] },
      path: 'ontology.tools.0.tool',
    },
    {
      title: 'a repeated option value',
      input: { classifications: [{ type: 'checklist', name: 'c', options: ['a', 'a'] }] },
      path: 'ontology.classifications.0.options.1.value',
    },
    {
      title: 'tools that is not a list',
      input: { tools: 'rectangle' },
      path: 'ontology.tools',
    },
    {
      title: 'a nested classification with a bad type',
      input: { classifications: [{ type: 'radio', name: 'r', options: [{ value: 'a', options: [{ type: 'x', name: 'n' }] }] }] },
      path: 'ontology.classifications.0.options.0.options.0.type',
    },
  ])('refuses $title with a 400 naming the path', ({ input, path }) => {
    const error = caught(() => parseOntology(input));
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.details).toContainEqual(expect.objectContaining({ path }));
  });

  it('refuses duplicate feature names, also between a tool and a nested classification', () => {
    const error = caught(() =>
      parseOntology({
        tools: [{ tool: 'named-entity', name: 'reason' }],
        classifications: [
          { type: 'radio', name: 'sentiment', options: [{ value: 'bad', options: [{ type: 'text', name: 'reason' }] }] },
        ],
      }),
    );
    expect(error.details).toEqual([
      {
        path: 'ontology.tools.0.name',
        message: 'feature name "reason" is already used at ontology.classifications.0.options.0.options.0; answers are keyed by name',
      },
    ]);
  });

  it('refuses an ontology with nothing to predict, and a string that is not JSON', () => {
    expect(caught(() => parseOntology({ tools: [], classifications: [] })).details).toEqual([
      { path: 'ontology', message: 'the ontology has no tools or classifications to predict' },
    ]);
    expect(caught(() => parseOntology('{not json')).details).toEqual([
      expect.objectContaining({ path: 'ontology' }),
    ]);
  });
});

describe('assertAllowedFeatureKinds', () => {
  const ontology = parseOntology(JSON.parse(fixture('text-ontology.json')));

  it('passes when every keyed feature kind is allowed', () => {
    expect(() => assertAllowedFeatureKinds(ontology, ['text', 'radio', 'checklist', 'named-entity'])).not.toThrow();
  });

  it('refuses with a 400 naming each feature and its kind', () => {
    const error = caught(() => assertAllowedFeatureKinds(ontology, ['text', 'radio', 'checklist']));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('feature "person" is a named-entity; this model allows text, radio, checklist');
    expect(error.details).toEqual([
      { path: 'ontology.tools.0', message: 'feature "person" is a named-entity; this model allows text, radio, checklist' },
      { path: 'ontology.tools.1', message: 'feature "organization" is a named-entity; this model allows text, radio, checklist' },
    ]);
  });

  it('checks the seed example rectangle tools too', () => {
    const rectangles = parseOntology(fixture('rectangle-ontology.json'));
    expect(caught(() => assertAllowedFeatureKinds(rectangles, ['text'])).details).toHaveLength(2);
    expect(() => assertAllowedFeatureKinds(rectangles, ['rectangle'])).not.toThrow();
  });
});
