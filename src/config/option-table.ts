import { describeDefaultValue, describeFlag } from './help-text.js';
import type { ConfigSchema } from './option-types.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text === '' ? '' : `\`${text}\``;
}

/**
 * A schema's options as a Markdown table (flag, environment variable,
 * default, meaning): the same words as `--help`, so the docs, written from
 * this by `npx projen`, cannot disagree with it.
 */
export function formatOptionTable(schema: ConfigSchema): string {
  const rows = Object.values(schema).map((spec) => [
    code(describeFlag(spec)),
    code(spec.env ?? ''),
    code(describeDefaultValue(spec)),
    `${spec.description} (${spec.allowed})`,
  ].map(cell));
  return [
    '| flag | env | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}
