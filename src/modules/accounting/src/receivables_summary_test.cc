// partner_receivables (the customer 360's receivables part) on both engines: balance, overdue,
// open documents, average days to pay, recent documents newest first and bounded, other
// partners and companies left out.
#include "receivables_test_support.h"

namespace keel::accounting {
namespace {

using test::day;
using test::eur;

class ReceivablesSummaryTest : public test::ReceivablesTest {
 protected:
  Result<PartnerReceivables> summary(partners::PartyId partner, const char* date,
                                     std::int64_t limit = 10, CompanyId company = {}) {
    return run(
        [&](db::Tx& tx, const Context& c) {
          return partner_receivables(tx, c, partner, day(date), limit);
        },
        company);
  }
  InvoiceDraft due(const char* date, const char* due_date, const char* price) {
    auto draft = invoice_draft(InvoiceType::out_invoice, m_customer, date,
                               {line("goods", "1", price)});
    draft.due_date = day(due_date);
    return draft;
  }
};

TEST_P(ReceivablesSummaryTest, balance_overdue_average_days_and_recent_documents) {
  const Invoice paid_10 = posted(due("2026-01-10", "2026-01-20", "100.00"));    // paid in 10 days
  const Invoice paid_15 = posted(due("2026-01-05", "2026-01-20", "50.00"));     // paid in 15 days
  const Invoice overdue = posted(due("2026-02-01", "2026-02-10", "300.00"));    // due, open
  const Invoice current = posted(due("2026-02-20", "2026-03-20", "200.00"));    // not yet due
  posted(invoice_draft(InvoiceType::out_invoice, m_customer2, "2026-02-01",
                       {line("other customer", "1", "999.00")}));
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-01-20", "100.00",
                     {{paid_10.id, "100.00"}}));
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-01-20", "50.00",
                     {{paid_15.id, "50.00"}}));
  KEEL_ASSERT_OK(pay("inbound", "customer", m_customer, "2026-02-05", "30.00",
                     {{overdue.id, "30.00"}}));

  auto s = summary(m_customer, "2026-03-01");
  KEEL_ASSERT_OK(s);
  // 100 + 50 + 300 + 200 invoiced, 180 received.
  EXPECT_EQ(s->balance.to_string(), "470.00");
  EXPECT_EQ(s->overdue.to_string(), "270.00");
  EXPECT_EQ(s->open_documents_count, 2);
  ASSERT_TRUE(s->average_days_to_pay.has_value());
  EXPECT_EQ(*s->average_days_to_pay, "12.5");
  ASSERT_EQ(s->recent_invoices.size(), 4u);
  EXPECT_EQ(s->recent_invoices[0].id, current.id);
  EXPECT_EQ(s->recent_invoices[3].id, paid_15.id);
  ASSERT_EQ(s->recent_payments.size(), 3u);
  EXPECT_EQ(s->recent_payments[0].date, day("2026-02-05"));
  EXPECT_EQ(s->recent_payments[0].amount.to_string(), "30.00");

  auto bounded = summary(m_customer, "2026-03-01", 1);
  KEEL_ASSERT_OK(bounded);
  EXPECT_EQ(bounded->recent_invoices.size(), 1u);
  EXPECT_EQ(bounded->recent_payments.size(), 1u);

  // Before anything was due nothing is overdue; before any payment no average.
  auto early = summary(m_customer, "2026-01-15");
  KEEL_ASSERT_OK(early);
  EXPECT_EQ(early->overdue.to_string(), "0.00");
  EXPECT_FALSE(early->average_days_to_pay.has_value());
}

TEST_P(ReceivablesSummaryTest, another_companys_partner_is_empty) {
  posted(due("2026-01-10", "2026-01-20", "100.00"));
  auto s = summary(m_customer, "2026-03-01", 10, m_other_company);
  KEEL_ASSERT_OK(s);
  EXPECT_TRUE(s->balance.is_zero());
  EXPECT_TRUE(s->overdue.is_zero());
  EXPECT_EQ(s->open_documents_count, 0);
  EXPECT_TRUE(s->recent_invoices.empty());
}

KEEL_INSTANTIATE_ENGINES(ReceivablesSummaryTest);

}  // namespace
}  // namespace keel::accounting
