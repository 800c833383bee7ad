// Every error code of the receivables services, and that a refused command writes nothing.
#include "receivables_test_support.h"

namespace keel::accounting {
namespace {

using test::day;

class ReceivablesErrorsTest : public test::ReceivablesTest {
 protected:
  Result<Tax> make_tax(TaxDraft draft) {
    return run([&](db::Tx& tx, const Context& c) { return create_tax(tx, c, draft); });
  }
  Result<PaymentTerm> make_term(PaymentTermDraft draft) {
    return run([&](db::Tx& tx, const Context& c) { return create_payment_term(tx, c, draft); });
  }
  Result<Invoice> make_invoice(InvoiceDraft draft) {
    return run([&](db::Tx& tx, const Context& c) { return create_invoice(tx, c, draft); });
  }
  InvoiceDraft simple(InvoiceType type = InvoiceType::out_invoice) {
    return invoice_draft(type,
                         type == InvoiceType::out_invoice || type == InvoiceType::out_refund
                             ? m_customer
                             : m_supplier,
                         "2026-01-10", {line("x", "1", "10.00")});
  }
};

TEST_P(ReceivablesErrorsTest, tax_codes) {
  KEEL_ASSERT_ERROR(make_tax({"", "percent", "19", "", "", false, "sales"}), "tax_name_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "gross", "19", "", "", false, "sales"}), "tax_kind_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "fixed", "", "1.00", "EUR", true, "sales"}), "tax_kind_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "percent", "19", "", "", false, "both"}), "tax_scope_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "percent", "1,5", "", "", false, "sales"}), "tax_rate_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "percent", "101", "", "", false, "sales"}), "tax_rate_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "fixed", "", "-1.00", "EUR", false, "sales"}),
                    "tax_amount_invalid");
  KEEL_ASSERT_ERROR(make_tax({"T", "fixed", "", "1.00", "ZZZ", false, "sales"}),
                    "currency_unknown");
  KEEL_ASSERT_OK(make_tax({"T", "percent", "19", "", "", false, "sales"}));
  KEEL_ASSERT_ERROR(make_tax({"T", "percent", "7", "", "", false, "sales"}), "tax_name_taken");
  auto other =
      run([&](db::Tx& tx, const Context& c) { return list_taxes(tx, c); }, m_other_company);
  KEEL_ASSERT_OK(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(ReceivablesErrorsTest, payment_term_codes) {
  KEEL_ASSERT_ERROR(make_term({"", {{"100", 30}}, "", 0}), "payment_term_name_invalid");
  KEEL_ASSERT_ERROR(make_term({"N", {}, "", 0}), "payment_term_lines_invalid");
  KEEL_ASSERT_ERROR(make_term({"N", {{"100", -1}}, "", 0}), "payment_term_lines_invalid");
  KEEL_ASSERT_ERROR(make_term({"N", {{"0", 10}, {"100", 30}}, "", 0}),
                    "payment_term_lines_invalid");
  KEEL_ASSERT_ERROR(make_term({"N", {{"50", 0}, {"40", 30}}, "", 0}),
                    "payment_term_percent_sum_invalid");
  KEEL_ASSERT_ERROR(make_term({"N", {{"100", 30}}, "100", 10}), "payment_term_discount_invalid");
  KEEL_ASSERT_OK(make_term({"N", {{"100", 30}}, "2", 10}));
  KEEL_ASSERT_ERROR(make_term({"N", {{"100", 30}}, "", 0}), "payment_term_name_taken");
  auto draft = simple();
  draft.payment_term_id = PaymentTermId{999};
  KEEL_ASSERT_ERROR(make_invoice(draft), "payment_term_not_found");
}

TEST_P(ReceivablesErrorsTest, invoice_codes) {
  const Tax sales = tax("VAT", "19").value();
  const Tax purchase = tax("Input VAT", "19", "purchase").value();
  const Tax usd_fixed = make_tax({"Levy", "fixed", "", "1.00", "USD", false, "sales"}).value();
  KEEL_ASSERT_ERROR(parse_invoice_type("bill"), "invoice_type_invalid");
  auto draft = simple();
  draft.lines.clear();
  KEEL_ASSERT_ERROR(make_invoice(draft), "invoice_lines_missing");
  draft.lines.assign(1001, line("x", "1", "1.00"));
  KEEL_ASSERT_ERROR(make_invoice(draft), "invoice_lines_too_many");
  const auto with_line = [&](InvoiceLineDraft l) {
    auto d = simple();
    d.lines = {l};
    return make_invoice(d);
  };
  KEEL_ASSERT_ERROR(with_line(line("x", "0", "1.00")), "invoice_line_quantity_invalid");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "-1.00")), "invoice_line_price_invalid");
  KEEL_ASSERT_ERROR(with_line(line("", "1", "1.00")), "invoice_line_description_invalid");
  auto discounted = line("x", "1", "1.00");
  discounted.discount_percent = "120";
  KEEL_ASSERT_ERROR(with_line(discounted), "invoice_line_discount_invalid");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "1.00", std::vector<TaxId>(11, sales.id))),
                    "invoice_line_taxes_invalid");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "1.00", {TaxId{9999}})), "tax_not_found");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "1.00", {purchase.id})), "tax_scope_mismatch");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "1.00", {usd_fixed.id})), "tax_currency_mismatch");
  KEEL_ASSERT_ERROR(with_line(line("x", "1", "0.00")), "invoice_total_not_positive");
  draft = simple();
  draft.origin = std::string(201, 'o');
  KEEL_ASSERT_ERROR(make_invoice(draft), "invoice_origin_too_long");
  draft = simple();
  draft.reference = std::string(301, 'r');
  KEEL_ASSERT_ERROR(make_invoice(draft), "invoice_reference_invalid");
  draft = simple();
  draft.partner_id = m_other_party;
  KEEL_ASSERT_ERROR(make_invoice(draft), "partner_not_found");
  draft = simple();
  draft.currency = "ZZZ";
  KEEL_ASSERT_ERROR(make_invoice(draft), "currency_unknown");
}

TEST_P(ReceivablesErrorsTest, invoice_state_codes_and_tenants) {
  const Invoice invoice = posted(simple());
  const auto post_again = [&](InvoiceId id, CompanyId company = {}) {
    return run([&](db::Tx& tx, const Context& c) { return post_invoice(tx, c, id); }, company);
  };
  KEEL_ASSERT_ERROR(post_again(invoice.id), "invoice_not_draft");
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return cancel_invoice(tx, c, invoice.id); }),
      "invoice_not_draft");
  KEEL_ASSERT_ERROR(post_again(invoice.id, m_other_company), "invoice_not_found");
  KEEL_ASSERT_ERROR(post_again(InvoiceId{9999}), "invoice_not_found");
  const Invoice draft = make_invoice(simple()).value();
  auto cancelled =
      run([&](db::Tx& tx, const Context& c) { return cancel_invoice(tx, c, draft.id); });
  KEEL_ASSERT_OK(cancelled);
  EXPECT_EQ(cancelled->state, "cancelled");
  auto payment = pay("inbound", "customer", m_customer, "2026-01-15", "10.00");
  KEEL_ASSERT_OK(payment);
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return allocate(tx, c, payment->id, {draft.id, "5.00"}, day("2026-01-15"));
                    }),
                    "invoice_not_open");
}

TEST_P(ReceivablesErrorsTest, payment_and_allocation_codes) {
  const Invoice invoice = posted(simple());
  const Invoice bill = posted(simple(InvoiceType::in_invoice));
  const Invoice other_partner = posted(invoice_draft(InvoiceType::out_invoice, m_customer2,
                                                     "2026-01-10", {line("x", "1", "10.00")}));
  KEEL_ASSERT_ERROR(pay("sideways", "customer", m_customer, "2026-01-15", "1.00"),
                    "payment_direction_invalid");
  KEEL_ASSERT_ERROR(pay("inbound", "employee", m_customer, "2026-01-15", "1.00"),
                    "payment_partner_type_invalid");
  KEEL_ASSERT_ERROR(pay("inbound", "customer", m_customer, "2026-01-15", "0.00"),
                    "payment_amount_invalid");
  KEEL_ASSERT_ERROR(pay("inbound", "customer", m_customer, "2026-01-15", "1,00"), "amount_invalid");
  KEEL_ASSERT_ERROR(pay("inbound", "customer", m_other_party, "2026-01-15", "1.00"),
                    "partner_not_found");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      PaymentDraft d;
                      d.partner_id = m_customer;
                      d.date = day("2026-01-15");
                      d.amount = "1.00";
                      d.journal = "safe";
                      return register_payment(tx, c, d);
                    }),
                    "payment_journal_invalid");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      PaymentDraft d;
                      d.partner_id = m_customer;
                      d.date = day("2026-01-15");
                      d.amount = "1.00";
                      d.allocations.assign(1001, {invoice.id, "0.01"});
                      return register_payment(tx, c, d);
                    }),
                    "payment_allocations_too_many");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      PaymentDraft d;
                      d.partner_id = m_customer;
                      d.date = day("2026-01-15");
                      d.amount = "1.00";
                      d.reference = std::string(301, 'r');
                      return register_payment(tx, c, d);
                    }),
                    "payment_reference_invalid");
  KEEL_ASSERT_ERROR(
      pay("inbound", "customer", m_customer, "2026-01-15", "5.00", {{invoice.id, "6.00"}}),
      "allocation_amount_invalid");
  KEEL_ASSERT_ERROR(
      pay("inbound", "customer", m_customer, "2026-01-15", "50.00", {{invoice.id, "20.00"}}),
      "allocation_amount_invalid");
  KEEL_ASSERT_ERROR(
      pay("inbound", "customer", m_customer, "2026-01-15", "5.00", {{other_partner.id, "5.00"}}),
      "allocation_partner_mismatch");
  KEEL_ASSERT_ERROR(
      pay("inbound", "supplier", m_supplier, "2026-01-15", "5.00", {{bill.id, "5.00"}}),
      "allocation_invoice_mismatch");
  KEEL_ASSERT_ERROR(
      pay("inbound", "customer", m_customer, "2026-01-05", "5.00", {{invoice.id, "5.00"}}),
      "allocation_date_invalid");
  KEEL_ASSERT_OK(run([&](db::Tx& tx, const Context& c) {
    return set_rate(tx, c, test::currency("USD"), day("2026-01-01"), Rate::parse("0.9").value());
  }));
  KEEL_ASSERT_ERROR(
      pay("inbound", "customer", m_customer, "2026-01-15", "5.00", {{invoice.id, "5.00"}}, "USD"),
      "allocation_currency_mismatch");
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) {
        return allocate(tx, c, PaymentId{9999}, {invoice.id, "1.00"}, day("2026-01-15"));
      }),
      "payment_not_found");
}

TEST_P(ReceivablesErrorsTest, report_codes) {
  KEEL_ASSERT_ERROR(parse_ledger_side("both"), "aging_kind_invalid");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return statement(tx, c, m_customer, LedgerSide::receivable, day("2026-02-01"),
                                       day("2026-01-01"));
                    }),
                    "statement_range_invalid");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return statement(tx, c, m_other_party, LedgerSide::receivable,
                                       day("2026-01-01"), day("2026-01-31"));
                    }),
                    "partner_not_found");
  KEEL_ASSERT_ERROR(run([&](db::Tx& tx, const Context& c) {
                      return tax_report(tx, c, day("2026-02-01"), day("2026-01-01"));
                    }),
                    "report_range_invalid");
}

// A foreign invoice on a date without a rate cannot be posted: nothing is written, not even
// its number; a payment whose allocation is refused leaves no payment and no entry.
TEST_P(ReceivablesErrorsTest, refused_commands_write_nothing) {
  auto foreign = simple();
  foreign.currency = "USD";
  const Invoice draft = make_invoice(foreign).value();
  const std::vector<std::string> tables = {"accounting_entries",  "accounting_entry_lines",
                                           "accounting_balances", "accounting_invoice_sequences",
                                           "accounting_payments", "accounting_allocations",
                                           "accounting_invoices", "audit_log"};
  const auto snapshot = [&] {
    std::vector<std::int64_t> counts;
    for (const auto& table : tables) counts.push_back(count(table));
    return counts;
  };
  auto before = snapshot();
  KEEL_ASSERT_ERROR(
      run([&](db::Tx& tx, const Context& c) { return post_invoice(tx, c, draft.id); }),
      "rate_not_found");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(reload(draft.id).state, "draft");
  const Invoice invoice = posted(simple());
  before = snapshot();
  KEEL_ASSERT_ERROR(pay("inbound", "customer", m_customer, "2026-01-15", "50.00",
                        {{invoice.id, "5.00"}, {invoice.id, "20.00"}}),
                    "allocation_amount_invalid");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(reload(invoice.id).residual.to_string(), "10.00");
}

KEEL_INSTANTIATE_ENGINES(ReceivablesErrorsTest);

}  // namespace
}  // namespace keel::accounting
