/**
 * @module control/api-key-import
 * ImportApiKeys (`POST /apikeys?mode=import&format=csv`, 201 `{ids, warnings?}`).
 *
 * Emulates AWS's API key file format (Developer Guide, "API key file
 * format"): CSV with a header row whose column names are case-insensitive
 * and in any order; `Name` and `Key` required, `Description`, `Enabled`
 * (default true) and `UsagePlanIds` (comma-separated, quoted with " or ')
 * optional; other columns ignored; a key value already imported or created
 * is overwritten (same id) rather than duplicated. Rows AWS would refuse
 * become warnings and are skipped; with `failonwarnings=true` any warning
 * fails the whole import and nothing is written.
 * Not verified against AWS (our wording): the format, header and warning
 * messages; `warnings` is left out when there are none.
 */
import { AwsError, BadRequestException } from '../aws/errors';
import type { Input, OperationContext } from './context';
import { nowSeconds } from './lookups';
import { newApiKeyId } from './api-key-rules';
import { addKeyToPlan } from './usage-plan-keys';
import type { ApiKey } from '../model';

export const IMPORT_FORMATS = ['csv'];

/** Splits CSV text into rows of fields; a field may be quoted with " or ' (a doubled quote is a literal one). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quote: string | null = null;
  let quotedField = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          field += c;
          i++;
        } else quote = null;
      } else field += c;
      continue;
    }
    if ((c === '"' || c === "'") && field.trim() === '' && !quotedField) {
      quote = c;
      quotedField = true;
      field = '';
    } else if (c === ',') {
      row.push(quotedField ? field : field.trim());
      field = '';
      quotedField = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(quotedField ? field : field.trim());
      rows.push(row);
      row = [];
      field = '';
      quotedField = false;
    } else field += c;
  }
  if (quote) throw new BadRequestException('Invalid API key file: unterminated quoted field');
  if (field !== '' || quotedField || row.length) {
    row.push(quotedField ? field : field.trim());
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

interface Columns {
  name: number;
  key: number;
  description?: number;
  enabled?: number;
  usageplanids?: number;
}

function columnsOf(header: string[]): Columns {
  const at = (n: string): number | undefined => {
    const i = header.findIndex((h) => h.trim().toLowerCase() === n);
    return i < 0 ? undefined : i;
  };
  const name = at('name');
  const key = at('key');
  if (name === undefined || key === undefined) {
    throw new BadRequestException('Invalid API key file: the header must contain the Name and Key columns');
  }
  return { name, key, description: at('description'), enabled: at('enabled'), usageplanids: at('usageplanids') };
}

function cell(row: string[], i: number | undefined): string {
  return i === undefined ? '' : (row[i] ?? '');
}

/** One data row as an API key to write, or the reason AWS would refuse it. */
function rowProblem(name: string, value: string, enabled: string): string | undefined {
  if (value.length < 20 || value.length > 128) return 'API key value must be between 20 and 128 characters';
  if (name.length > 1024) return 'API key name must be at most 1024 characters';
  if (enabled !== '' && !['true', 'false'].includes(enabled.toLowerCase())) return `invalid Enabled value ${enabled}`;
  return undefined;
}

function importRows(ctx: OperationContext, rows: string[][], cols: Columns): { ids: string[]; warnings: string[] } {
  const ids: string[] = [];
  const warnings: string[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const name = cell(row, cols.name);
    const value = cell(row, cols.key);
    const enabled = cell(row, cols.enabled);
    const problem = rowProblem(name, value, enabled);
    if (problem) {
      warnings.push(`Line ${line}: ${problem}`);
      return;
    }
    const now = nowSeconds();
    const existing = ctx.store.apiKeys.byValue(ctx.scope, value);
    const key: ApiKey = existing
      ? { ...existing, lastUpdatedDate: now }
      : { id: newApiKeyId(), value, enabled: true, createdDate: now, lastUpdatedDate: now, stageKeys: [] };
    key.enabled = enabled === '' ? true : enabled.toLowerCase() === 'true';
    if (name !== '') key.name = name;
    else delete key.name;
    const description = cell(row, cols.description);
    if (description !== '') key.description = description;
    else delete key.description;
    if (existing) ctx.store.apiKeys.update(ctx.scope, key);
    else ctx.store.apiKeys.insert(ctx.scope, key);
    if (!ids.includes(key.id)) ids.push(key.id);
    for (const planId of cell(row, cols.usageplanids).split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const plan = ctx.store.usagePlans.get(ctx.scope, planId);
      if (!plan) warnings.push(`Line ${line}: Invalid Usage Plan ID specified: ${planId}`);
      else if (!ctx.store.usagePlans.hasKey(ctx.scope, planId, key.id)) {
        try {
          addKeyToPlan(ctx, plan, key);
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          warnings.push(`Line ${line}: ${err.message}`);
        }
      }
    }
  });
  return { ids, warnings };
}

export function importApiKeys(input: Input, ctx: OperationContext): { ids: string[]; warnings?: string[] } {
  const format = typeof input.format === 'string' ? input.format.toLowerCase() : input.format;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new BadRequestException(`Invalid API key import format: ${input.format}. Must be one of: [${IMPORT_FORMATS.join(', ')}]`);
  }
  const body: Buffer = Buffer.isBuffer(input.body) ? input.body : Buffer.from(String(input.body ?? ''));
  const rows = parseCsv(body.toString('utf8').replace(/^\uFEFF/, ''));
  if (rows.length === 0) throw new BadRequestException('Invalid API key file: the file is empty');
  const cols = columnsOf(rows[0]);
  return ctx.store.transaction(() => {
    const { ids, warnings } = importRows(ctx, rows.slice(1), cols);
    // Thrown inside the transaction, so a failed import writes nothing.
    if (warnings.length && input.failOnWarnings === true) {
      throw new BadRequestException(`API key import failed with warnings: ${warnings.join('; ')}`);
    }
    return warnings.length ? { ids, warnings } : { ids };
  });
}
