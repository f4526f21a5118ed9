/**
 * The patch engine (lib/aws/patch.ts) on its own, with a toy document:
 * JSON-pointer escapes (`~1` is `/`, `~0` is `~`, as in AWS's PatchOperation
 * docs: "/name/child~1name"), the six ops, AWS's two wordings of the path and
 * op errors (RestApi's `Invalid patch path /x`, recorded AWS answer; and the
 * listing style Resource/Method use), and atomicity.
 */
import { AwsError } from '../../lib/aws/errors';
import {
  DEFAULT_PATCH_MESSAGES,
  LISTING_PATCH_MESSAGES,
  PatchEngine,
  decodeSegment,
  encodeSegment,
  patchBoolean,
  patchInteger,
  patchNumber,
  scalarRule,
  stringMapRule,
  stringSetRule,
  type PatchMessages,
  type PatchOperation,
} from '../../lib/aws/patch';

interface Doc {
  name: string;
  description?: string;
  enabled?: boolean;
  types?: string[];
  vars?: Record<string, unknown>;
}

function engine(messages?: PatchMessages): PatchEngine<Doc> {
  return new PatchEngine<Doc>(
    [
      scalarRule('/name', 'name'),
      scalarRule('/description', 'description', { ops: ['replace', 'remove', 'copy', 'move', 'test'] }),
      scalarRule('/enabled', 'enabled', { parse: (v, p) => patchBoolean(v, p) }),
      stringSetRule('/types', 'types'),
      stringMapRule('/vars', 'vars', { ops: ['add', 'remove', 'replace', 'copy', 'move', 'test'] }),
    ],
    messages,
  );
}

const base = (): Doc => ({ name: 'n', description: 'd', types: ['image/png'], vars: { a: '1' } });

/** Runs `fn` and returns the AwsError it throws. */
function failure(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

describe('escapes', () => {
  it('decodes ~1 to / and ~0 to ~, in that order', () => {
    expect(decodeSegment('image~1png')).toBe('image/png');
    expect(decodeSegment('a~0b')).toBe('a~b');
    expect(decodeSegment('~01')).toBe('~1');
    expect(encodeSegment('a/b~c')).toBe('a~1b~0c');
    expect(decodeSegment(encodeSegment('~1/~0'))).toBe('~1/~0');
  });

  it('addresses list items and map keys by their escaped value', () => {
    const out = engine().apply(base(), [
      { op: 'add', path: '/types/image~1jpeg' },
      { op: 'remove', path: '/types/image~1png' },
      { op: 'add', path: '/vars/x~1y~0z', value: 'v' },
    ]);
    expect(out.types).toEqual(['image/jpeg']);
    expect(out.vars).toEqual({ a: '1', 'x/y~z': 'v' });
  });
});

describe('the six ops', () => {
  it('add / replace / remove', () => {
    const out = engine().apply(base(), [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'add', path: '/vars/b', value: '2' },
      { op: 'replace', path: '/vars/a', value: '10' },
      { op: 'remove', path: '/description' },
      { op: 'replace', path: '/types/image~1png', value: 'image/gif' },
    ]);
    expect(out).toEqual({ name: 'renamed', types: ['image/gif'], vars: { a: '10', b: '2' } });
  });

  it('copy and move take the value from `from`', () => {
    const copied = engine().apply(base(), [{ op: 'copy', from: '/vars/a', path: '/vars/c' }]);
    expect(copied.vars).toEqual({ a: '1', c: '1' });
    const moved = engine().apply(base(), [{ op: 'move', from: '/vars/a', path: '/vars/m' }]);
    expect(moved.vars).toEqual({ m: '1' });
    const scalar = engine().apply(base(), [{ op: 'copy', from: '/description', path: '/vars/d' }]);
    expect(scalar.vars).toEqual({ a: '1', d: 'd' });
  });

  it('copy/move without `from`, or from nothing, is a 400', () => {
    expect(failure(() => engine().apply(base(), [{ op: 'copy', path: '/vars/c' }])).status).toBe(400);
    expect(failure(() => engine().apply(base(), [{ op: 'move', from: '/vars/none', path: '/vars/c' }])).message).toBe(
      'Invalid from path /vars/none',
    );
  });

  it('test passes when the value matches and fails with a 400 otherwise', () => {
    expect(engine().apply(base(), [{ op: 'test', path: '/vars/a', value: '1' }])).toEqual(base());
    const e = failure(() => engine().apply(base(), [{ op: 'test', path: '/vars/a', value: '2' }]));
    expect({ type: e.type, status: e.status }).toEqual({ type: 'BadRequestException', status: 400 });
  });

  it('refuses an unknown op, listing the six', () => {
    const e = failure(() => engine().apply(base(), [{ op: 'merge', path: '/name', value: 'x' }]));
    expect(e.message).toBe('Invalid patch operation specified. Must be one of: [add, remove, replace, move, copy, test]');
  });

  it('refuses a missing path', () => {
    expect(failure(() => engine().apply(base(), [{ op: 'replace', value: 'x' } as PatchOperation])).message).toBe('Invalid patch path null');
  });

  it('refuses a non-list patchOperations and non-string values', () => {
    expect(failure(() => engine().apply(base(), 'x' as unknown as PatchOperation[])).status).toBe(400);
    expect(failure(() => engine().apply(base(), [{ op: 'replace', path: '/name', value: 5 as unknown as string }])).status).toBe(400);
  });

  it('treats no operations as no change', () => {
    expect(engine().apply(base(), undefined)).toEqual(base());
    expect(engine().apply(base(), [])).toEqual(base());
  });
});

describe('error wording', () => {
  it('default (RestApi) style: "Invalid patch path <path>" — recorded AWS answer', () => {
    expect(failure(() => engine().apply(base(), [{ op: 'replace', path: '/nope', value: 'x' }])).message).toBe('Invalid patch path /nope');
    // A path that names the list itself rather than an item (recorded AWS answer for /binaryMediaTypes).
    expect(failure(() => engine().apply(base(), [{ op: 'add', path: '/types', value: 'x' }])).message).toBe('Invalid patch path /types');
    expect(failure(() => engine().apply(base(), [{ op: 'add', path: '/name', value: 'x' }])).message).toBe(
      'Invalid patch operation specified. Must be one of: [replace]',
    );
  });

  it('listing style names the op and the valid paths', () => {
    const listing = engine(LISTING_PATCH_MESSAGES);
    expect(failure(() => listing.apply(base(), [{ op: 'add', path: '/nope', value: 'x' }])).message).toBe(
      "Invalid patch path  '/nope' specified for op 'add'. Must be one of: [/types/{item}, /vars/{key}]",
    );
    expect(failure(() => listing.apply(base(), [{ op: 'add', path: '/name', value: 'x' }])).message).toBe(
      "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations",
    );
  });

  it('DEFAULT_PATCH_MESSAGES is the default', () => {
    expect(DEFAULT_PATCH_MESSAGES.invalidPath('/x', 'add', [])).toBe('Invalid patch path /x');
  });
});

describe('atomicity', () => {
  it('a failing operation leaves the document unchanged, even after earlier ones applied', () => {
    const doc = base();
    const before = structuredClone(doc);
    const e = failure(() =>
      engine().apply(doc, [
        { op: 'replace', path: '/name', value: 'changed' },
        { op: 'add', path: '/vars/z', value: 'z' },
        { op: 'replace', path: '/enabled', value: 'maybe' },
      ]),
    );
    expect(e.message).toBe('Invalid value for boolean field enabled: maybe');
    expect(doc).toEqual(before);
  });

  it('a successful patch returns a new document and leaves the input alone', () => {
    const doc = base();
    const out = engine().apply(doc, [{ op: 'add', path: '/vars/b', value: '2' }]);
    expect(out).not.toBe(doc);
    expect(doc.vars).toEqual({ a: '1' });
  });
});

describe('value parsers', () => {
  it('parse strings as AWS sends them', () => {
    expect(patchBoolean('true', '/a/enabled')).toBe(true);
    expect(patchBoolean('false', '/a/enabled')).toBe(false);
    expect(patchInteger(' 42 ', '/limit')).toBe(42);
    expect(patchNumber('2.5', '/rate')).toBe(2.5);
    expect(failure(() => patchInteger('4.2', '/limit')).message).toBe('Invalid value for integer field limit: 4.2');
    expect(failure(() => patchNumber('', '/rate')).status).toBe(400);
    expect(failure(() => patchBoolean('TRUE', '/x/enabled')).status).toBe(400);
  });
});
