// End-to-end steps of the finance screens, run by run.mjs after the partner steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state } — state is shared with the
// other accounting step files (ledger runs first and sets accounting up).

/** The steps that drive the finance screens. */
export async function run(_ctx) {}

/** Screenshots of the finance screens in one language (called once per language). */
export async function screens(_ctx, _code) {}
