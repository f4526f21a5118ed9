#!/usr/bin/env node
/**
 * Derives the apigateway operation table from the schemas that the pinned
 * `@aws-sdk/client-api-gateway` exports: for each operation its HTTP method,
 * URI template, success status and how each input member is bound (label,
 * query, header, payload or JSON body) with its type.
 *
 *   node scripts/gen-operations.js            writes lib/control/operations.generated.json
 *   node scripts/gen-operations.js --stdout   prints it (the guard test compares the two)
 *
 * This is the only file that reads the SDK's internals: the server itself does
 * not load the SDK.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const sdk = require('@aws-sdk/client-api-gateway');
const { NormalizedSchema } = require('@smithy/core/schema');

function typeOf(s, depth = 0) {
  if (s.isListSchema()) return { list: typeOf(s.getValueSchema(), depth + 1) };
  if (s.isMapSchema()) return { map: typeOf(s.getValueSchema(), depth + 1) };
  if (s.isStructSchema()) {
    if (depth > 6) return 'structure';
    const members = {};
    for (const [name, m] of s.structIterator()) members[name] = typeOf(m, depth + 1);
    return { structure: members };
  }
  if (s.isBlobSchema()) return 'blob';
  if (s.isBooleanSchema()) return 'boolean';
  if (s.isTimestampSchema()) return 'timestamp';
  // The compact schemas do not tell integer from double: handlers check integers.
  if (s.isNumericSchema()) return 'number';
  return 'string';
}

function describeOperation(name, op) {
  const [method, uri, code] = op[3].http;
  const input = NormalizedSchema.of(op[4]);
  const members = [];
  for (const [member, s] of input.structIterator()) {
    const t = s.getMergedTraits();
    let location = 'body';
    let wireName = t.jsonName || member;
    if (t.httpLabel) { location = 'label'; wireName = member; } // labels bind by member name (PutIntegration's httpMethod has jsonName requestHttpMethod)
    else if (t.httpQuery) { location = 'query'; wireName = t.httpQuery; }
    else if (t.httpQueryParams) location = 'queryParams';
    else if (t.httpHeader) { location = 'header'; wireName = t.httpHeader.toLowerCase(); }
    else if (t.httpPayload) location = 'payload';
    members.push({ name: member, location, wireName, type: typeOf(s) });
  }
  const [pathPart, fixedQuery] = uri.split('?');
  const fixed = {};
  if (fixedQuery) for (const kv of fixedQuery.split('&')) { const [k, v = ''] = kv.split('='); fixed[k] = v; }
  return { name, method, path: pathPart, fixedQuery: fixed, successCode: code, members };
}

function generate() {
  const ops = Object.entries(sdk)
    .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
    .map(([k, v]) => describeOperation(k.slice(0, -1), v))
    .sort((a, b) => a.name.localeCompare(b.name));
  const pkg = require('@aws-sdk/client-api-gateway/package.json');
  return { sdkVersion: pkg.version, operations: ops };
}

const text = JSON.stringify(generate(), null, 1) + '\n';
if (process.argv.includes('--stdout')) process.stdout.write(text);
else fs.writeFileSync(path.join(__dirname, '..', 'lib', 'control', 'operations.generated.json'), text);
