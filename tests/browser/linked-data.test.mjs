// The open catalogue's JSON-LD read by a JSON-LD processor (jsonld.js) and its schema.org terms checked against the
// vocabulary (schema-dts, generated from schema.org). Run by `./build.sh api-check` against a live instance with demo
// data: BASE_URL=http://127.0.0.1:5081 node --test tests/browser/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import jsonld from 'jsonld';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5080';
const schema = 'https://schema.org/';

// The documents carry their context inline: the processor must never need the network.
const documentLoader = async url => { throw new Error(`The JSON-LD asked to load ${url}`); };

async function linkedData(path) {
  const response = await fetch(base + path, { headers: { Accept: 'application/ld+json' } });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  assert.match(response.headers.get('content-type'), /^application\/ld\+json/);
  return response.json();
}

// schema.org's types, each with the properties it and its ancestors declare, read from schema-dts's declarations.
async function vocabulary() {
  const file = createRequire(import.meta.url).resolve('schema-dts/dist/schema.d.ts');
  const source = await readFile(file, 'utf8');
  const bases = new Map();
  for (const [, name, parents, body] of source.matchAll(/^interface (\w+)Base extends ([^{]+)\{\n([\s\S]*?)^\}/gm))
    bases.set(name, {
      parents: [...parents.matchAll(/(\w+)Base\b/g)].map(m => m[1]),
      properties: new Set([...body.matchAll(/^ {4}"(\w+)"\?:/gm)].map(m => m[1])),
    });
  // A type is the leaf that carries its "@type"; the leaf extends the bases that declare its properties.
  const leaves = new Map([...source.matchAll(/^export interface \w+Leaf extends ([^{]+)\{\n\s*"@type": "(\w+)"/gm)]
    .map(m => [m[2], [...m[1].matchAll(/(\w+)Base\b/g)].map(b => b[1])]));
  const types = new Set(leaves.keys());
  const properties = type => {
    const all = new Set();
    const visit = name => {
      const entry = bases.get(name);
      if (!entry) return;
      entry.properties.forEach(p => all.add(p));
      entry.parents.forEach(visit);
    };
    (leaves.get(type) ?? []).forEach(visit);
    return all;
  };
  const enumerationMembers = new Set([...source.matchAll(/"(?:https:\/\/)?schema\.org\/(\w+)"/g)].map(m => m[1]));
  return { types, properties, enumerationMembers };
}

const terms = await vocabulary();

// Every node's types and properties are schema.org terms, and every property is one its type has.
function checkTerms(node, path = '$') {
  if (Array.isArray(node)) return node.forEach((n, i) => checkTerms(n, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return;
  const types = (node['@type'] ?? []).map(t => {
    assert.ok(t.startsWith(schema), `${path}: type ${t} is not schema.org's`);
    const name = t.slice(schema.length);
    assert.ok(terms.types.has(name), `${path}: ${name} is not a schema.org type`);
    return name;
  });
  for (const [key, value] of Object.entries(node)) {
    if (key === '@id' && typeof value === 'string' && value.startsWith(schema))
      assert.ok(terms.enumerationMembers.has(value.slice(schema.length)), `${path}: ${value} is not a schema.org term`);
    if (key === '@reverse') {
      for (const [property, subjects] of Object.entries(value)) checkTerms(subjects, `${path}.@reverse.${property}`);
      continue;
    }
    if (key.startsWith('@')) { checkTerms(value, `${path}.${key}`); continue; }
    assert.ok(key.startsWith(schema), `${path}: property ${key} is not schema.org's`);
    const property = key.slice(schema.length);
    if (types.length > 0)
      assert.ok(types.some(t => terms.properties(t).has(property)), `${path}: ${types.join('/')} has no property ${property}`);
    checkTerms(value, `${path}.${property}`);
  }
}

// Expanded without loss, then to RDF and back: the same graph.
async function roundTrip(document) {
  const expanded = await jsonld.expand(document, { documentLoader, safe: true });
  assert.ok(expanded.length > 0, 'nothing expanded');
  checkTerms(expanded);
  const quads = await jsonld.toRDF(document, { format: 'application/n-quads', documentLoader, safe: true });
  const back = await jsonld.fromRDF(quads, { format: 'application/n-quads' });
  const canonical = doc => jsonld.canonize(doc, { algorithm: 'URDNA2015', format: 'application/n-quads', documentLoader, safe: false });
  assert.equal(await canonical(back), await canonical(document));
  return expanded;
}

test('the catalogue feed is lossless schema.org JSON-LD', async () => {
  const feed = await linkedData('/api/public/catalogue?pageSize=50');
  assert.equal(feed['@type'], 'DataFeed');
  assert.ok(feed.dataFeedElement.length > 0, 'the demo catalogue has public programmes');
  const [expanded] = await roundTrip(feed);
  assert.deepEqual(expanded['@type'], [schema + 'DataFeed']);
});

test('a programme is a Course teaching the standards by their CASE item URIs, with its course instances', async () => {
  const page = await (await fetch(base + '/api/public/programmes?standard=EGMS-CF-2021')).json();
  assert.ok(page.items.length > 0, 'a public programme teaches EGMS-CF-2021');
  const course = await linkedData(`/api/public/programmes/${page.items[0].id}`);
  const [expanded] = await roundTrip(course);
  assert.deepEqual(expanded['@type'], [schema + 'Course']);
  const teaches = expanded[schema + 'teaches'];
  assert.ok(teaches.some(t => t['@id'].includes('/ims/case/v1p1/CFItems/')), 'teaches names CASE items');
  for (const term of teaches) {
    const item = await (await fetch(term['@id'].replace(/^https?:\/\/[^/]+/, base))).json();
    assert.equal(item.humanCodingScheme, term[schema + 'termCode'][0]['@value']);
  }
  const offerings = await (await fetch(base + '/api/public/offerings?pageSize=1')).json();
  const instance = await linkedData(`/api/public/offerings/${offerings.items[0].id}`);
  const [expandedInstance] = await roundTrip(instance);
  assert.deepEqual(expandedInstance['@type'], [schema + 'CourseInstance']);
});
