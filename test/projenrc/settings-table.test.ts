import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultSettings } from '../../projenrc/settings/index.js';
import { formatSettingsTable, settingRows } from '../../projenrc/settings-table.js';

/** What the resolver adds to the settings (they follow from the others), which no one sets. */
const derived = new Set(['registry.host', 'registry.images', 'gate.flags']);

describe('the settings table of docs/extending.md', () => {
  it('has a row for every setting', () => {
    const settings = Object.entries(defaultSettings).flatMap(([key, value]) => {
      if (key === 'scenarios') return ['scenarios.<name>.backend', 'scenarios.<name>.load'];
      const nested = typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
      return nested.length === 0 ? [key] : nested.map((inner) => `${key}.${inner}`);
    }).filter((setting) => !derived.has(setting));
    expect(settingRows.map((row) => row.setting)).to.have.members(settings);
  });

  it('reads each default from the settings\' defaults', () => {
    const table = formatSettingsTable(defaultSettings);
    expect(table).to.contain('| `nightly.schedule` | `0 2 * * *` |');
    expect(table).to.contain('`staging` (namespace `llm-staging`, gateway HPA 2-10, 3 backends)');
    expect(table).to.contain('`llm`: 16 connections, 500 requests (short form 100, A/B rounds of 100), 20 warm-up');
  });
});
