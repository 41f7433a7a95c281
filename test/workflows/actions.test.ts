import { expect } from 'chai';
import { describe, it } from 'mocha';
import { actions, usesOf } from '../../workflows/actions.js';

describe('the pinned actions table', () => {
  it('pins every action to a full commit SHA and records its release version', () => {
    for (const action of Object.values(actions)) {
      expect(action.sha, action.repository).to.match(/^[0-9a-f]{40}$/);
      expect(action.version, action.repository).to.match(/^v\d+(\.\d+){0,2}$/);
    }
  });

  it('holds each action once', () => {
    const repositories = Object.values(actions).map((action) => action.repository);
    expect(new Set(repositories).size).to.equal(repositories.length);
  });

  it('writes uses: as repository@sha', () => {
    expect(usesOf(actions.checkout)).to.equal('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683');
  });
});
