/**
 * The README stays true: its support matrix is what scripts/support-matrix.js
 * renders from the handlers that exist, and its flags table lists every
 * setting with its environment variable and default.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPERATIONS } from '../../lib/control/operation-table';
import { supportedOperations } from '../../lib/control/operations';
import { DEFAULTS, SETTINGS } from '../../lib/config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const matrix = require('../../scripts/support-matrix.js') as {
  render(names: string[], supported: Set<string>): string;
  currentSection(readme: string): string | null;
};

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it('has an up-to-date support matrix', () => {
    const expected = matrix.render(
      OPERATIONS.map((o) => o.name),
      new Set(supportedOperations()),
    );
    const current = matrix.currentSection(readme);
    if (current !== expected) {
      throw new Error(
        'The support matrix in README.md is out of date (an operation gained or lost its handler).\n' +
          'Regenerate it with:  npm run build && node scripts/support-matrix.js\n' +
          'and commit README.md.',
      );
    }
  });

  it('marks every operation supported or not yet, once', () => {
    const section = matrix.currentSection(readme) ?? '';
    for (const o of OPERATIONS) expect(section.match(new RegExp(`\\| ${o.name} \\|`, 'g'))).toHaveLength(1);
  });

  it('lists every flag with its environment variable and default', () => {
    // Rows of the Flags table: | `--flag <arg>` … | `ENV` | `default` (or "none" for an empty default) | meaning |
    const rows = readme.split('\n').filter((l) => l.startsWith('| `--'));
    const problems: string[] = [];
    for (const s of SETTINGS) {
      const row = rows.find((r) => r.startsWith(`| \`${s.flag} `));
      const cells = row?.split('|').map((c) => c.trim()) ?? [];
      const def = String(DEFAULTS[s.key]);
      if (!row) problems.push(`no row for ${s.flag}`);
      else if (cells[2] !== `\`${s.env}\``) problems.push(`${s.flag}: environment variable should be \`${s.env}\`, not ${cells[2]}`);
      else if (def === '' ? !/none/i.test(cells[3]) : cells[3] !== `\`${def}\``) {
        problems.push(`${s.flag}: default should be ${def === '' ? 'none' : `\`${def}\``}, not ${cells[3]}`);
      }
    }
    if (rows.length !== SETTINGS.length) problems.push(`${rows.length} flag rows for ${SETTINGS.length} settings`);
    if (problems.length) {
      throw new Error(`README.md's Flags table must match SETTINGS in lib/config.ts:\n  ${problems.join('\n  ')}`);
    }
  });

  it('opens with the quick start', () => {
    const quickStart = readme.slice(0, readme.indexOf('## Pointing clients'));
    expect(quickStart).toContain('npm install && npm start');
    expect(quickStart).toContain('npm test');
    expect(quickStart).toContain('127.0.0.1:4567');
    expect(quickStart).toContain('.apigw-local/state.db');
  });
});
