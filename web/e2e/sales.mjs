// End-to-end steps of the sales screens (quote → order → delivery → invoice → return, customer 360), run by run.mjs after the inventory steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state }.
export async function run(ctx) {
  void ctx;
}

/** Screenshots of the sales screens (quote → order → delivery → invoice → return, customer 360) in language `code`. */
export async function screens(ctx, code) {
  void ctx;
  void code;
}
