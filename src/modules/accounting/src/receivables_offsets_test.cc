// Set-offs of credit notes against invoices and vendor refunds against bills, on both engines:
// residuals and states, the ledger (nothing posted in one currency, the realized difference
// between two foreign rates), aging after the set-off, and every refusal writing nothing.
#include "receivables_test_support.h"

namespace keel::accounting {
namespace {

using test::day;

class ReceivablesOffsetTest : public test::ReceivablesTest {
 protected:
  Result<Offset> set_off(InvoiceId credit, InvoiceId invoice, const char* amount,
                         const char* date) {
    return run([&](db::Tx& tx, const Context& c) {
      return offset_credit(tx, c, credit, invoice, amount, day(date));
    });
  }
  Invoice sale(InvoiceType type, partners::PartyId partner, const char* date, const char* price,
               const char* currency_code = "") {
    auto draft = invoice_draft(type, partner, date, {line("goods", "1", price)});
    draft.currency = currency_code;
    return posted(draft);
  }
};

TEST_P(ReceivablesOffsetTest, credit_note_set_off_partially_then_fully_without_an_entry) {
  const Invoice invoice = sale(InvoiceType::out_invoice, m_customer, "2026-01-10", "121.00");
  const Invoice credit = sale(InvoiceType::out_refund, m_customer, "2026-01-12", "21.00");
  const std::int64_t entries = count("accounting_entries");
  auto first = set_off(credit.id, invoice.id, "20.00", "2026-01-15");
  KEEL_ASSERT_OK(first);
  EXPECT_FALSE(first->entry_id.has_value()) << "same currency: nothing to post";
  EXPECT_EQ(first->fx_company.to_string(), "0.00");
  EXPECT_EQ(first->invoice.residual.to_string(), "101.00");
  EXPECT_EQ(first->invoice.state, "partially_paid");
  EXPECT_EQ(first->credit.residual.to_string(), "1.00");
  EXPECT_EQ(first->credit.state, "partially_paid");
  auto second = set_off(credit.id, invoice.id, "1.00", "2026-01-16");
  KEEL_ASSERT_OK(second);
  EXPECT_EQ(second->credit.state, "paid");
  EXPECT_EQ(second->credit.residual_company.to_string(), "0.00");
  EXPECT_EQ(second->invoice.residual.to_string(), "100.00");
  EXPECT_EQ(second->invoice.residual_company.to_string(), "100.00");
  EXPECT_EQ(count("accounting_entries"), entries);
  EXPECT_EQ(count("accounting_invoice_offsets"), 4);
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "100.00");

  // Aging sees the set-off from its date on: before it the credit note still counts negative.
  auto before = run([&](db::Tx& tx, const Context& c) {
    return aging(tx, c, LedgerSide::receivable, day("2026-01-14"));
  });
  KEEL_ASSERT_OK(before);
  EXPECT_EQ(before->totals.total.to_string(), "100.00");
  auto after = run([&](db::Tx& tx, const Context& c) {
    return aging(tx, c, LedgerSide::receivable, day("2026-01-16"));
  });
  KEEL_ASSERT_OK(after);
  EXPECT_EQ(after->totals.total.to_string(), "100.00");
  ASSERT_EQ(after->rows.size(), 1u);
  EXPECT_EQ(after->rows[0].days_1_30.to_string(), "100.00") << "only the invoice is left";

  // A payment settles the rest.
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-01-20", "100.00",
                     {{invoice.id, "100.00"}}));
  EXPECT_EQ(reload(invoice.id).state, "paid");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "0.00");
}

TEST_P(ReceivablesOffsetTest, vendor_refund_set_off_against_a_bill) {
  const Invoice bill = sale(InvoiceType::in_invoice, m_supplier, "2026-01-05", "300.00");
  const Invoice refund = sale(InvoiceType::in_refund, m_supplier, "2026-01-07", "50.00");
  auto done = set_off(refund.id, bill.id, "50.00", "2026-01-07");
  KEEL_ASSERT_OK(done);
  EXPECT_EQ(done->credit.state, "paid");
  EXPECT_EQ(done->invoice.residual.to_string(), "250.00");
  EXPECT_EQ(balance_of_role(role::kPayable, "2026-01-31", m_supplier).to_string(), "-250.00");
  auto payable = run([&](db::Tx& tx, const Context& c) {
    return aging(tx, c, LedgerSide::payable, day("2026-01-31"));
  });
  KEEL_ASSERT_OK(payable);
  EXPECT_EQ(payable->totals.total.to_string(), "250.00");
}

// USD invoice at 0.9 (100 → 90.00), USD credit note at 0.95 (40 → 38.00): the set-off clears
// 36.00 of the invoice and 38.00 of the credit note; the 2.00 difference is a gain.
TEST_P(ReceivablesOffsetTest, foreign_documents_at_two_rates_realize_the_difference) {
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) -> Result<void> {
    TRY(set_rate(tx, c, test::currency("USD"), day("2026-01-01"), Rate::parse("0.9").value()));
    return set_rate(tx, c, test::currency("USD"), day("2026-01-20"), Rate::parse("0.95").value());
  }));
  const Invoice invoice = sale(InvoiceType::out_invoice, m_customer, "2026-01-10", "100.00", "USD");
  const Invoice credit = sale(InvoiceType::out_refund, m_customer, "2026-01-25", "40.00", "USD");
  EXPECT_EQ(credit.total_company.to_string(), "38.00");
  auto done = set_off(credit.id, invoice.id, "40.00", "2026-01-26");
  KEEL_ASSERT_OK(done);
  EXPECT_EQ(done->fx_company.to_string(), "2.00");
  ASSERT_TRUE(done->entry_id.has_value());
  EXPECT_EQ(done->invoice.residual.to_string(), "60.00");
  EXPECT_EQ(done->invoice.residual_company.to_string(), "54.00");
  EXPECT_EQ(balance_of_role(role::kFxGain, "2026-01-31").to_string(), "-2.00");
  EXPECT_EQ(balance_of_role(role::kReceivable, "2026-01-31", m_customer).to_string(), "54.00");

  // A USD bill at 0.9 (100 → 90.00) less a USD refund at 0.95 (10 → 9.50): the set-off
  // clears 9.00 of the bill but 9.50 of the refund, a loss of 0.50.
  const Invoice bill = sale(InvoiceType::in_invoice, m_supplier, "2026-01-10", "100.00", "USD");
  const Invoice refund = sale(InvoiceType::in_refund, m_supplier, "2026-01-21", "10.00", "USD");
  auto loss = set_off(refund.id, bill.id, "10.00", "2026-01-22");
  KEEL_ASSERT_OK(loss);
  EXPECT_EQ(loss->fx_company.to_string(), "-0.50");
  EXPECT_EQ(loss->invoice.residual_company.to_string(), "81.00");
  EXPECT_EQ(balance_of_role(role::kFxLoss, "2026-01-31").to_string(), "0.50");
  EXPECT_EQ(balance_of_role(role::kPayable, "2026-01-31", m_supplier).to_string(), "-81.00");
}

TEST_P(ReceivablesOffsetTest, every_refusal_changes_nothing) {
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return set_rate(tx, c, test::currency("USD"), day("2026-01-01"), Rate::parse("0.9").value());
  }));
  const Invoice invoice = sale(InvoiceType::out_invoice, m_customer, "2026-01-10", "100.00");
  const Invoice other = sale(InvoiceType::out_invoice, m_customer, "2026-01-10", "10.00");
  const Invoice credit = sale(InvoiceType::out_refund, m_customer, "2026-01-12", "30.00");
  const Invoice bill = sale(InvoiceType::in_invoice, m_supplier, "2026-01-10", "10.00");
  const Invoice stranger = sale(InvoiceType::out_refund, m_customer2, "2026-01-12", "5.00");
  const Invoice usd = sale(InvoiceType::out_refund, m_customer, "2026-01-12", "5.00", "USD");
  auto draft = run([&](db::Tx& tx, const Context& c) {
    return create_invoice(tx, c,
                          invoice_draft(InvoiceType::out_refund, m_customer, "2026-01-12",
                                        {line("draft", "1", "5.00")}));
  });
  KEEL_ASSERT_OK(draft);
  const Invoice foreign = [&] {
    auto made = run(
        [&](db::Tx& tx, const Context& c) -> Result<Invoice> {
          InvoiceDraft d = invoice_draft(InvoiceType::out_refund, m_other_party, "2026-01-12",
                                         {line("x", "1", "1.00")});
          const Invoice created = TRY(create_invoice(tx, c, d));
          return post_invoice(tx, c, created.id);
        },
        m_other_company);
    EXPECT_TRUE(made.ok());
    return made.ok() ? *made : Invoice{};
  }();
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return set_locks(tx, c, {.lock_all_until = day("2026-01-14"), .lock_users_until = {}});
  }));
  const std::int64_t entries = count("accounting_entries");
  const std::int64_t audits = count("audit_log");

  KEEL_ASSERT_ERROR(set_off(other.id, invoice.id, "1.00", "2026-01-15"), "offset_type_invalid");
  KEEL_ASSERT_ERROR(set_off(credit.id, bill.id, "1.00", "2026-01-15"), "offset_type_invalid");
  KEEL_ASSERT_ERROR(set_off(draft->id, invoice.id, "1.00", "2026-01-15"), "invoice_not_open");
  KEEL_ASSERT_ERROR(set_off(stranger.id, invoice.id, "1.00", "2026-01-15"),
                    "allocation_partner_mismatch");
  KEEL_ASSERT_ERROR(set_off(usd.id, invoice.id, "1.00", "2026-01-15"),
                    "allocation_currency_mismatch");
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "0", "2026-01-15"), "offset_amount_invalid");
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "-1.00", "2026-01-15"),
                    "offset_amount_invalid");
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "30.01", "2026-01-15"),
                    "offset_amount_invalid");
  KEEL_ASSERT_ERROR(set_off(credit.id, other.id, "10.01", "2026-01-15"), "offset_amount_invalid");
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "1.00", "2026-01-11"),
                    "allocation_date_invalid");
  // A same-currency set-off posts nothing, yet its date must be open.
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "1.00", "2027-01-15"), "fiscal_year_not_found");
  KEEL_ASSERT_ERROR(set_off(credit.id, invoice.id, "1.00", "2026-01-14"), "period_locked");
  KEEL_ASSERT_ERROR(set_off(credit.id, InvoiceId{999999}, "1.00", "2026-01-15"),
                    "invoice_not_found");
  KEEL_ASSERT_ERROR(set_off(foreign.id, invoice.id, "1.00", "2026-01-15"), "invoice_not_found");

  EXPECT_EQ(count("accounting_invoice_offsets"), 0);
  EXPECT_EQ(count("accounting_entries"), entries);
  EXPECT_EQ(count("audit_log"), audits);
  EXPECT_EQ(reload(invoice.id).residual.to_string(), "100.00");
  EXPECT_EQ(reload(credit.id).residual.to_string(), "30.00");
  EXPECT_EQ(reload(credit.id).state, "posted");
}

KEEL_INSTANTIATE_ENGINES(ReceivablesOffsetTest);

}  // namespace
}  // namespace keel::accounting
