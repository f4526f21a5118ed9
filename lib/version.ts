/** The package version, read once from package.json (works from lib/ and dist/lib/). */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    const p = path.join(__dirname, rel);
    if (fs.existsSync(p)) return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

export const VERSION = findVersion();
