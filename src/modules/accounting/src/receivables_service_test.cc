// Receivables and payables through the services, on both engines: totals and tax rounding,
// posting, payments and allocation, FX, discounts, installments and aging, revaluation,
// statements, and the tax report.
#include "receivables_test_support.h"

namespace keel::accounting {
namespace {

using test::day;
using test::eur;

class ReceivablesServiceTest : public test::ReceivablesTest {};

// Checks that an entry balances and returns the debit of its line on `account`.
void expect_balanced(const Entry& entry) {
  std::int64_t debit = 0, credit = 0;
  for (const auto& line : entry.lines) {
    debit += line.debit.minor_units();
    credit += line.credit.minor_units();
  }
  EXPECT_EQ(debit, credit);
}

// Per-line rounding rounds each line's 19 % tax (3 × 0.0247 → 3 × 0.02 = 0.06); per-document
// rounding rounds the summed base once (0.39 × 19 % = 0.0741 → 0.07): one cent apart. The 7 %
// line is the same either way (1.00 → 0.07).
TEST_P(ReceivablesServiceTest, two_tax_rates_per_line_and_per_document_rounding) {
  const Tax vat19 = tax("VAT 19", "19").value();
  const Tax vat7 = tax("VAT 7", "7").value();
  const auto lines = std::vector<InvoiceLineDraft>{
      line("a", "1", "0.13", {vat19.id}), line("b", "1", "0.13", {vat19.id}),
      line("c", "1", "0.13", {vat19.id}), line("d", "1", "1.00", {vat7.id})};
  const auto draft = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10", lines);
  auto per_line = run([&](db::Tx& tx, const Context& c) { return create_invoice(tx, c, draft); });
  KEEL_ASSERT_OK(per_line);
  EXPECT_EQ(per_line->untaxed.to_string(), "1.39");
  EXPECT_EQ(per_line->tax.to_string(), "0.13");
  EXPECT_EQ(per_line->total.to_string(), "1.52");
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return set_tax_rounding(tx, c, TaxRounding::per_document);
  }));
  auto per_document =
      run([&](db::Tx& tx, const Context& c) { return create_invoice(tx, c, draft); });
  KEEL_ASSERT_OK(per_document);
  EXPECT_EQ(per_document->tax.to_string(), "0.14");
  EXPECT_EQ(per_document->total.to_string(), "1.53");
  ASSERT_EQ(per_document->taxes.size(), 2u);
  EXPECT_EQ(per_document->taxes[0].base.to_string(), "0.39");
  EXPECT_EQ(per_document->taxes[0].amount.to_string(), "0.07");
  EXPECT_EQ(per_line->taxes[0].amount.to_string(), "0.06");
}

TEST_P(ReceivablesServiceTest, price_included_tax_and_discount_sum_exactly) {
  const Tax included = tax("VAT 19 incl", "19", "sales", true).value();
  auto l = line("gross 119", "1", "119.00", {included.id});
  auto discounted = line("gross 10 less 10%", "2", "5.00", {included.id});
  discounted.discount_percent = "10";
  const auto draft =
      invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10", {l, discounted});
  auto invoice = run([&](db::Tx& tx, const Context& c) { return create_invoice(tx, c, draft); });
  KEEL_ASSERT_OK(invoice);
  // 119.00 = 100.00 + 19.00; 9.00 = 7.56 + 1.44 (9 / 1.19 = 7.5630 → 7.56).
  EXPECT_EQ(invoice->lines[0].untaxed.to_string(), "100.00");
  EXPECT_EQ(invoice->lines[1].untaxed.to_string(), "7.56");
  EXPECT_EQ(invoice->total.to_string(), "128.00");
  EXPECT_EQ(invoice->tax.to_string(), "20.44");
}

TEST_P(ReceivablesServiceTest, posting_writes_one_balanced_entry_and_numbers_gap_free) {
  const Tax vat = tax("VAT", "19").value();
  auto draft = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                             {line("widget", "3", "10.00", {vat.id})});
  draft.origin = "sales.order:17";
  const Invoice first = posted(draft);
  EXPECT_EQ(first.state, "posted");
  EXPECT_EQ(first.number.value_or(""), "INV/2026/000001");
  EXPECT_EQ(first.origin, "sales.order:17");
  EXPECT_EQ(first.total.to_string(), "35.70");
  ASSERT_TRUE(first.entry_id.has_value());
  auto entry = run(
      [&](db::Tx& tx, const Context& c) { return get_entry(tx, c.company_id, *first.entry_id); });
  KEEL_ASSERT_OK(entry);
  expect_balanced(*entry);
  ASSERT_EQ(entry->lines.size(), 3u);
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "35.70");
  EXPECT_EQ(balance_of_role(role::kTaxOutput, "2026-01-31").to_string(), "-5.70");
  EXPECT_EQ(balance_of_role(role::kRevenue, "2026-01-31").to_string(), "-30.00");
  const Invoice second = posted(draft);
  EXPECT_EQ(second.number.value_or(""), "INV/2026/000002");
  const Invoice bill = posted(invoice_draft(InvoiceType::in_invoice, m_supplier, "2026-01-11",
                                            {line("paper", "1", "50.00")}));
  EXPECT_EQ(bill.number.value_or(""), "BILL/2026/000001");
  EXPECT_EQ(balance_of_role(role::kPayable, "2026-01-31", m_supplier).to_string(), "-50.00");
  const Invoice credit = posted(invoice_draft(InvoiceType::out_refund, m_customer, "2026-01-12",
                                              {line("return", "1", "10.00", {vat.id})}));
  EXPECT_EQ(credit.number.value_or(""), "RINV/2026/000001");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "59.50");
}

TEST_P(ReceivablesServiceTest, partial_then_full_payment_moves_state) {
  const Invoice invoice = posted(invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                                               {line("service", "1", "100.00")}));
  auto first =
      pay("inbound", "customer", m_customer, "2026-01-15", "40.00", {{invoice.id, "40.00"}});
  KEEL_ASSERT_OK(first);
  EXPECT_EQ(reload(invoice.id).state, "partially_paid");
  EXPECT_EQ(reload(invoice.id).residual.to_string(), "60.00");
  auto second =
      pay("inbound", "customer", m_customer, "2026-01-20", "60.00", {{invoice.id, "60.00"}});
  KEEL_ASSERT_OK(second);
  EXPECT_EQ(reload(invoice.id).state, "paid");
  EXPECT_EQ(reload(invoice.id).residual_company.to_string(), "0.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "0.00");
  EXPECT_EQ(balance_of_role(role::kBank, "2026-01-31").to_string(), "100.00");
}

TEST_P(ReceivablesServiceTest, over_payment_is_kept_as_credit_and_used_later) {
  const Invoice a = posted(invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                                         {line("a", "1", "100.00")}));
  auto payment = pay("inbound", "customer", m_customer, "2026-01-15", "150.00", {{a.id, "100.00"}});
  KEEL_ASSERT_OK(payment);
  EXPECT_EQ(payment->unallocated.to_string(), "50.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "-50.00");
  const Invoice b = posted(
      invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-20", {line("b", "1", "40.00")}));
  auto used = run([&](db::Tx& tx, const Context& c) {
    return allocate(tx, c, payment->id, {b.id, "40.00"}, day("2026-01-21"));
  });
  KEEL_ASSERT_OK(used);
  EXPECT_EQ(used->unallocated.to_string(), "10.00");
  EXPECT_EQ(reload(b.id).state, "paid");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "-10.00");
}

TEST_P(ReceivablesServiceTest, foreign_invoice_paid_at_another_rate_realizes_gain_and_loss) {
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) -> Result<void> {
    TRY(set_rate(tx, c, test::currency("USD"), day("2026-01-01"), Rate::parse("0.9").value()));
    return set_rate(tx, c, test::currency("USD"), day("2026-01-20"), Rate::parse("0.95").value());
  }));
  auto sale = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                            {line("export", "1", "100.00")});
  sale.currency = "USD";
  const Invoice invoice = posted(sale);
  EXPECT_EQ(invoice.total_company.to_string(), "90.00");
  EXPECT_EQ(invoice.rate->to_string(), "0.9");
  auto receipt = pay("inbound", "customer", m_customer, "2026-01-25", "100.00",
                     {{invoice.id, "100.00"}}, "USD");
  KEEL_ASSERT_OK(receipt);
  ASSERT_EQ(receipt->allocations.size(), 1u);
  EXPECT_EQ(receipt->allocations[0].fx_company.to_string(), "5.00");
  EXPECT_EQ(balance_of_role(role::kFxGain, "2026-01-31").to_string(), "-5.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "0.00");

  auto purchase = invoice_draft(InvoiceType::in_invoice, m_supplier, "2026-01-10",
                                {line("import", "1", "200.00")});
  purchase.currency = "USD";
  const Invoice bill = posted(purchase);
  auto paid =
      pay("outbound", "supplier", m_supplier, "2026-01-25", "200.00", {{bill.id, "200.00"}}, "USD");
  KEEL_ASSERT_OK(paid);
  EXPECT_EQ(paid->allocations[0].fx_company.to_string(), "-10.00");
  EXPECT_EQ(balance_of_role(role::kFxLoss, "2026-01-31").to_string(), "10.00");
  EXPECT_EQ(balance_of_role(role::kPayable, "2026-01-31", m_supplier).to_string(), "0.00");
}

TEST_P(ReceivablesServiceTest, early_payment_discount_within_the_window_with_its_tax_share) {
  const Tax vat = tax("VAT", "19").value();
  auto term = run([&](db::Tx& tx, const Context& c) {
    return create_payment_term(tx, c, {"2/10 net 30", {{"100", 30}}, "2", 10});
  });
  KEEL_ASSERT_OK(term);
  auto draft = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                             {line("goods", "1", "100.00", {vat.id})});
  draft.payment_term_id = term->id;
  const Invoice invoice = posted(draft);
  EXPECT_EQ(invoice.total.to_string(), "119.00");
  EXPECT_EQ(invoice.discount_amount.to_string(), "2.38");
  EXPECT_EQ(invoice.due_date.to_string(), "2026-02-09");
  auto payment =
      pay("inbound", "customer", m_customer, "2026-01-18", "116.62", {{invoice.id, "116.62"}});
  KEEL_ASSERT_OK(payment);
  EXPECT_EQ(payment->allocations[0].discount.to_string(), "2.38");
  EXPECT_EQ(reload(invoice.id).state, "paid");
  EXPECT_EQ(balance_of_role(role::kDiscountGiven, "2026-01-31").to_string(), "2.00");
  EXPECT_EQ(balance_of_role(role::kTaxOutput, "2026-01-31").to_string(), "-18.62");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "0.00");

  // After the window the full amount is due: no discount.
  const Invoice late = posted(draft);
  auto partial =
      pay("inbound", "customer", m_customer, "2026-01-25", "116.62", {{late.id, "116.62"}});
  KEEL_ASSERT_OK(partial);
  EXPECT_EQ(partial->allocations[0].discount.to_string(), "0.00");
  EXPECT_EQ(reload(late.id).state, "partially_paid");
  EXPECT_EQ(reload(late.id).residual.to_string(), "2.38");
}

TEST_P(ReceivablesServiceTest, installments_drive_aging_buckets_at_several_dates) {
  auto term = run([&](db::Tx& tx, const Context& c) {
    return create_payment_term(tx, c, {"30 now, 70 at 60 days", {{"30", 0}, {"70", 60}}, "", 0});
  });
  KEEL_ASSERT_OK(term);
  auto draft = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-10",
                             {line("project", "1", "1000.00")});
  draft.payment_term_id = term->id;
  const Invoice invoice = posted(draft);
  ASSERT_EQ(invoice.installments.size(), 2u);
  EXPECT_EQ(invoice.installments[1].due_date.to_string(), "2026-03-11");
  const auto age = [&](const char* date) {
    auto report = run([&](db::Tx& tx, const Context& c) {
      return aging(tx, c, LedgerSide::receivable, day(date));
    });
    EXPECT_TRUE(report.ok());
    return report.ok() ? report->totals : AgingRow{};
  };
  EXPECT_EQ(age("2026-01-09").total.to_string(), "0.00");  // not yet invoiced
  EXPECT_EQ(age("2026-01-10").current.to_string(), "1000.00");
  auto feb = age("2026-02-15");
  EXPECT_EQ(feb.days_31_60.to_string(), "300.00");
  EXPECT_EQ(feb.current.to_string(), "700.00");
  auto may = age("2026-05-15");
  EXPECT_EQ(may.days_over_90.to_string(), "300.00");
  EXPECT_EQ(may.days_61_90.to_string(), "700.00");
  KEEL_ASSERT_OK(
      pay("inbound", "customer", m_customer, "2026-02-01", "400.00", {{invoice.id, "400.00"}}));
  EXPECT_EQ(age("2026-01-31").total.to_string(), "1000.00");  // aging at a past date
  feb = age("2026-02-15");
  EXPECT_EQ(feb.days_31_60.to_string(), "0.00");
  EXPECT_EQ(feb.current.to_string(), "600.00");
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-02-20", "50.00"));
  feb = age("2026-02-25");
  EXPECT_EQ(feb.unallocated.to_string(), "-50.00");
  EXPECT_EQ(feb.total.to_string(), "550.00");
  auto payables = run([&](db::Tx& tx, const Context& c) {
    return aging(tx, c, LedgerSide::payable, day("2026-02-25"));
  });
  KEEL_ASSERT_OK(payables);
  EXPECT_TRUE(payables->rows.empty());
}

TEST_P(ReceivablesServiceTest, revaluation_at_period_end_is_reversed_next_day) {
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) -> Result<void> {
    TRY(set_rate(tx, c, test::currency("USD"), day("2026-01-01"), Rate::parse("0.9").value()));
    return set_rate(tx, c, test::currency("USD"), day("2026-01-31"), Rate::parse("0.95").value());
  }));
  auto sale = invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-15",
                            {line("export", "1", "100.00")});
  sale.currency = "USD";
  posted(sale);
  auto done = run([&](db::Tx& tx, const Context& c) { return revalue(tx, c, day("2026-01-31")); });
  KEEL_ASSERT_OK(done);
  EXPECT_EQ(done->adjustment.to_string(), "5.00");
  ASSERT_TRUE(done->entry_id && done->reversal_entry_id);
  EXPECT_EQ(balance_of_role(role::kUnrealizedFx, "2026-01-31").to_string(), "-5.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "95.00");
  EXPECT_EQ(balance_of_role(role::kUnrealizedFx, "2026-02-01").to_string(), "0.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-02-01", m_customer).to_string(), "90.00");
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return revalue(tx, c, day("2026-01-31")); }),
      "revaluation_exists");
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return revalue(tx, c, day("2026-01-30")); }),
      "revaluation_date_not_period_end");
}

TEST_P(ReceivablesServiceTest, statement_has_opening_running_and_closing_balance) {
  posted(invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-05",
                       {line("a", "1", "100.00")}));
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-01-20", "60.00"));
  posted(
      invoice_draft(InvoiceType::out_invoice, m_customer, "2026-02-03", {line("b", "1", "25.00")}));
  auto january = run([&](db::Tx& tx, const Context& c) {
    return statement(tx, c, m_customer, LedgerSide::receivable, day("2026-01-01"),
                     day("2026-01-31"));
  });
  KEEL_ASSERT_OK(january);
  EXPECT_EQ(january->opening.to_string(), "0.00");
  ASSERT_EQ(january->lines.size(), 2u);
  EXPECT_EQ(january->lines[0].balance.to_string(), "100.00");
  EXPECT_EQ(january->lines[1].credit.to_string(), "60.00");
  EXPECT_EQ(january->lines[1].balance.to_string(), "40.00");
  EXPECT_EQ(january->closing.to_string(), "40.00");
  auto later = run([&](db::Tx& tx, const Context& c) {
    return statement(tx, c, m_customer, LedgerSide::receivable, day("2026-01-10"),
                     day("2026-02-28"));
  });
  KEEL_ASSERT_OK(later);
  EXPECT_EQ(later->opening.to_string(), "100.00");
  EXPECT_EQ(later->closing.to_string(), "65.00");
}

TEST_P(ReceivablesServiceTest, tax_report_sums_posted_documents_with_refunds_negative) {
  const Tax vat = tax("VAT", "19").value();
  const Tax input = tax("Input VAT", "19", "purchase").value();
  posted(invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-05",
                       {line("a", "1", "100.00", {vat.id})}));
  posted(invoice_draft(InvoiceType::out_refund, m_customer, "2026-01-06",
                       {line("r", "1", "10.00", {vat.id})}));
  posted(invoice_draft(InvoiceType::in_invoice, m_supplier, "2026-01-07",
                       {line("b", "1", "50.00", {input.id})}));
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return create_invoice(tx, c,
                          invoice_draft(InvoiceType::out_invoice, m_customer, "2026-01-08",
                                        {line("draft", "1", "999.00", {vat.id})}));
  }));
  posted(invoice_draft(InvoiceType::out_invoice, m_customer, "2026-02-05",
                       {line("feb", "1", "100.00", {vat.id})}));
  auto report = run([&](db::Tx& tx, const Context& c) {
    return tax_report(tx, c, day("2026-01-01"), day("2026-01-31"));
  });
  KEEL_ASSERT_OK(report);
  ASSERT_EQ(report->size(), 2u);
  EXPECT_EQ((*report)[0].base.to_string(), "90.00");
  EXPECT_EQ((*report)[0].tax.to_string(), "17.10");
  EXPECT_EQ((*report)[1].scope, "purchase");
  EXPECT_EQ((*report)[1].tax.to_string(), "9.50");
}

KEEL_INSTANTIATE_ENGINES(ReceivablesServiceTest);

}  // namespace
}  // namespace keel::accounting
