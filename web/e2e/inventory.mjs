// End-to-end steps of the inventory screens, run by run.mjs after the accounting steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state }.
export async function run(ctx) {
  void ctx;
}

/** Screenshots of the inventory screens in language `code`. */
export async function screens(ctx, code) {
  void ctx;
  void code;
}
