import { test, expect, axeViolations } from '../fixtures';

// axe-core scan in the browser: no serious or critical violation (issue 5's quality bar, applied
// to every screen as it lands). Add a route here when a new screen appears.
const ROUTES = ['#/debugger'];

for (const route of ROUTES) {
  test(`axe: no serious or critical violations at ${route}`, async ({ appPage, page }) => {
    await appPage.goto(route);
    const violations = await axeViolations(page, 'serious');
    expect(violations, violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n')).toEqual([]);
  });
}
