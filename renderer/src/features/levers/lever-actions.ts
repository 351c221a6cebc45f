import type { LeverAction, LeverId } from '../../../../shared/levers.ts';

/**
 * What each lever's button does, in words. `short` is the button's visible text where space is
 * tight (a table cell); `full` is its accessible name and tooltip, and starts with `short`, so
 * what a sighted user reads is what a screen reader says (WCAG 2.5.3).
 */
export interface ActionWords {
  short: string;
  full: string;
}

const WORDS: Record<LeverId, Record<LeverAction, (target: string) => ActionWords>> = {
  'platform-freeze': {
    engage: () => ({ short: 'Freeze…', full: 'Start the maintenance freeze on every brand…' }),
    release: () => ({ short: 'Release…', full: 'Release the maintenance freeze…' }),
  },
  'halt-deposits': {
    engage: () => ({ short: 'Halt…', full: 'Halt deposits on every brand…' }),
    release: () => ({ short: 'Resume…', full: 'Resume deposits on every brand…' }),
  },
  'brand-deposits-off': {
    engage: (name) => ({ short: 'Disable…', full: `Disable deposits on ${name}…` }),
    release: (name) => ({ short: 'Enable…', full: `Enable deposits on ${name}…` }),
  },
  'brand-withdrawals-off': {
    engage: (name) => ({ short: 'Disable…', full: `Disable withdrawals on ${name}…` }),
    release: (name) => ({ short: 'Enable…', full: `Enable withdrawals on ${name}…` }),
  },
  'provider-ingress-block': {
    engage: (provider) => ({ short: 'Block…', full: `Block callbacks from ${provider}…` }),
    release: (provider) => ({ short: 'Unblock…', full: `Unblock callbacks from ${provider}…` }),
  },
};

/** `targetName`: the brand's display name, the provider, or anything for a platform lever. */
export function actionWords(lever: LeverId, action: LeverAction, targetName: string): ActionWords {
  return WORDS[lever][action](targetName);
}
