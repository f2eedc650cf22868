// Accessibility check with axe-core: the console must have no violation of
// impact "serious" or "critical" (WCAG 2.x A/AA rules and axe best practices).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page as it is now and fails with a readable list of serious or critical violations. */
export async function expectNoSeriousA11yViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const report = blocking
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
        .join('\n');
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n\n');
  const message = `axe found serious or critical violations on ${what} (${page.url()}):\n\n${report}`;
  expect(blocking.map((v) => `${v.id} (${v.impact})`), message).toEqual([]);
}
