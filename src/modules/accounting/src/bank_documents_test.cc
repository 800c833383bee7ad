// Reconciliation of a statement line with several open documents (1:N) on both engines.
#include "bank_test_support.h"

namespace keel::accounting::bank {
namespace {

using test::BankTest;
using test::day;

class BankDocumentsTest : public BankTest {
 protected:
  void SetUp() override {
    BankTest::SetUp();
    if (HasFatalFailure()) return;
    m_bank = std::make_unique<BankAccount>(create_eur_account(company_a()));
  }

  partners::PartyId party(const char* name) {
    auto id = write([&](db::Tx& tx) -> Result<partners::PartyId> {
      partners::PartyDraft draft;
      draft.kind = "organization";
      draft.name = name;
      const auto created =
          TRY(partners::create_party(tx, clock(), partners::Caller::system(company_a()), draft));
      return created.party.id;
    });
    EXPECT_TRUE(id.ok()) << id.error().code() << ": " << id.error().message();
    return *id;
  }

  // A document of one line without tax; posted unless `draft_only`.
  Invoice document(InvoiceType type, partners::PartyId partner, const char* date, const char* price,
                   const char* currency = "EUR", bool draft_only = false) {
    auto invoice = as(company_a(), [&](db::Tx& tx, const Context& c) -> Result<Invoice> {
      InvoiceLineDraft line;
      line.description = "goods";
      line.quantity = Quantity::parse("1").value();
      line.unit_price_e6 = UnitPrice::parse(price, test::currency(currency)).value().value_e6();
      InvoiceDraft draft;
      draft.type = type;
      draft.partner_id = partner;
      draft.date = day(date);
      draft.currency = currency;
      draft.lines = {line};
      const Invoice created = TRY(create_invoice(tx, c, draft));
      if (draft_only) return created;
      return post_invoice(tx, c, created.id);
    });
    EXPECT_TRUE(invoice.ok()) << invoice.error().code() << ": " << invoice.error().message();
    return *invoice;
  }

  // Imports CSV rows "date;amount;reference;counterparty;description" into `bank`.
  std::vector<StatementLineId> import_rows(const std::string& rows,
                                           const BankAccount* bank = nullptr) {
    const CsvMapping mapping{.delimiter = ';',
                             .date = "date",
                             .amount = "amount",
                             .description = "description",
                             .reference = "reference",
                             .counterparty = "counterparty"};
    const std::string content = "date;amount;reference;counterparty;description\n" + rows;
    auto imported = as(company_a(), [&](db::Tx& tx, const Context& context) {
      return import_statement(
          tx, context, (bank ? *bank : *m_bank).id,
          {.format = StatementFormat::csv, .content = content, .mapping = mapping});
    });
    EXPECT_TRUE(imported.ok()) << imported.error().code() << ": " << imported.error().message();
    const auto stored =
        read([&](db::Tx& tx) { return get_statement(tx, company_a(), imported->statement_id); });
    std::vector<StatementLineId> out;
    for (const auto& line : stored->lines) out.push_back(line.id);
    return out;
  }

  Result<std::vector<GroupProposal>> groups(StatementLineId line) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return propose_groups(tx, context, line);
    });
  }
  Result<Payment> pay(StatementLineId line, std::vector<DocumentAllocation> allocations) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return reconcile_with_documents(tx, context, line, allocations);
    });
  }
  Result<void> undo(StatementLineId line) {
    return as(company_a(),
              [&](db::Tx& tx, const Context& context) { return unreconcile(tx, context, line); });
  }
  Invoice reload(InvoiceId id) {
    return *as(company_a(), [&](db::Tx& tx, const Context& c) { return get_invoice(tx, c, id); });
  }
  std::int64_t count(const std::string& sql) {
    auto rows = read([&](db::Tx& tx) { return tx.query(sql); });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : -1;
  }
  // What a refused call must leave unchanged.
  std::vector<std::int64_t> footprint() {
    return {count("SELECT COUNT(*) FROM accounting_payments"),
            count("SELECT COUNT(*) FROM accounting_allocations"),
            count("SELECT COUNT(*) FROM accounting_entries"),
            count("SELECT COUNT(*) FROM accounting_bank_reconciliations"),
            count("SELECT COUNT(*) FROM accounting_bank_statement_lines WHERE state = 'open'"),
            count("SELECT COALESCE(SUM(residual), 0) FROM accounting_invoices")};
  }
  std::vector<std::string> breaches() {
    auto found = read([](db::Tx& tx) { return check(tx); });
    return found.ok() ? *found : std::vector<std::string>{"check failed"};
  }

  std::unique_ptr<BankAccount> m_bank;
};

TEST_P(BankDocumentsTest, groups_are_proposed_paid_in_one_payment_and_undone) {
  const auto acme = party("Acme Widgets");
  const auto other = party("Other Buyer");
  const Invoice a1 = document(InvoiceType::out_invoice, acme, "2026-03-01", "100.00");
  const Invoice a2 = document(InvoiceType::out_invoice, acme, "2026-03-02", "250.00");
  const Invoice a3 = document(InvoiceType::out_invoice, acme, "2026-03-03", "40.00");
  document(InvoiceType::out_invoice, other, "2026-03-01", "350.00");
  const auto lines = import_rows(
      "2026-03-20;350.00;;ACME WIDGETS GMBH;march invoices\n"
      "2026-03-21;390.00;" +
      a3.number.value() +
      ";;\n"
      "2026-03-22;12.34;;Nobody;nothing\n");
  ASSERT_EQ(lines.size(), 3u);

  // By name: Acme's 100 + 250; Other Buyer's 350 is not named, so not proposed.
  const auto by_name = groups(lines[0]);
  KEEL_ASSERT_OK(by_name);
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ((*by_name)[0].partner_id, acme);
  EXPECT_EQ((*by_name)[0].partner_name, "Acme Widgets");
  ASSERT_EQ((*by_name)[0].documents.size(), 2u);
  EXPECT_EQ((*by_name)[0].documents[0].invoice_id, a1.id);
  EXPECT_EQ((*by_name)[0].documents[1].invoice_id, a2.id);
  EXPECT_EQ((*by_name)[0].total.to_string(), "350.00");
  EXPECT_EQ((*by_name)[0].reasons, (std::vector<std::string>{"amount", "partner"}));
  // By a document's number: all three of Acme's documents.
  const auto by_reference = groups(lines[1]);
  KEEL_ASSERT_OK(by_reference);
  ASSERT_EQ(by_reference->size(), 1u);
  EXPECT_EQ((*by_reference)[0].documents.size(), 3u);
  EXPECT_EQ((*by_reference)[0].reasons, (std::vector<std::string>{"amount", "reference"}));
  EXPECT_TRUE(groups(lines[2])->empty());

  // Paying the group: one payment, allocated to each document, the line reconciled.
  const auto paid = pay(lines[0], {{.invoice_id = a1.id}, {.invoice_id = a2.id}});
  KEEL_ASSERT_OK(paid);
  EXPECT_EQ(paid->amount.to_string(), "350.00");
  EXPECT_EQ(paid->partner_id, acme);
  EXPECT_EQ(paid->direction, "inbound");
  ASSERT_EQ(paid->allocations.size(), 2u);
  EXPECT_TRUE(paid->unallocated.is_zero());
  EXPECT_EQ(reload(a1.id).state, "paid");
  EXPECT_EQ(reload(a2.id).state, "paid");
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_bank_reconciliations"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_bank_statement_lines WHERE state = "
                  "'reconciled'"),
            1);
  EXPECT_TRUE(breaches().empty());
  // The paid documents are no longer proposed: 390 cannot be made of the 40 left.
  EXPECT_TRUE(groups(lines[1])->empty());
  KEEL_ASSERT_ERROR(pay(lines[0], {{.invoice_id = a3.id}}), "bank_statement_line_reconciled");

  // Undoing it: documents open again, the payment and allocations gone, entries reversed.
  KEEL_ASSERT_OK(undo(lines[0]));
  EXPECT_EQ(reload(a1.id).state, "posted");
  EXPECT_EQ(reload(a1.id).residual.to_string(), "100.00");
  EXPECT_EQ(reload(a2.id).residual.to_string(), "250.00");
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_payments"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_allocations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_bank_reconciliations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounting_entries WHERE kind = 'reversal'"), 1);
  const Account bank_account = account_with_role(company_a(), role::kBank);
  EXPECT_EQ(count("SELECT COALESCE(SUM(debit - credit), 0) FROM accounting_entry_lines WHERE "
                  "account_id = " +
                  std::to_string(bank_account.id.value())),
            0);
  EXPECT_TRUE(breaches().empty());
  // The reversed payment's bank line is not proposed as a 1:1 match.
  const auto ledger = as(company_a(), [&](db::Tx& tx, const Context& context) {
    return propose(tx, context, lines[0]);
  });
  KEEL_ASSERT_OK(ledger);
  EXPECT_TRUE(ledger->empty());
  EXPECT_EQ(groups(lines[1])->size(), 1u);

  // Partial allocations with explicit amounts, and a money-out line paying bills.
  const auto paid_again = pay(lines[1], {{.invoice_id = a1.id, .amount = "100.00"},
                                         {.invoice_id = a2.id, .amount = "250.00"},
                                         {.invoice_id = a3.id, .amount = "40.00"}});
  KEEL_ASSERT_OK(paid_again);
  EXPECT_EQ(reload(a3.id).state, "paid");
  const auto supplier = party("Paper Supplies");
  const Invoice b1 = document(InvoiceType::in_invoice, supplier, "2026-03-05", "60.00");
  const Invoice b2 = document(InvoiceType::in_invoice, supplier, "2026-03-06", "15.50");
  const auto out = import_rows("2026-03-25;-45.50;;Paper Supplies;bills\n");
  const auto bill_groups = groups(out[0]);
  KEEL_ASSERT_OK(bill_groups);
  EXPECT_TRUE(bill_groups->empty());  // 60 + 15.50 = 75.50, nothing makes 45.50
  const auto bills = pay(out[0], {{.invoice_id = b1.id, .amount = "30.00"}, {.invoice_id = b2.id}});
  KEEL_ASSERT_OK(bills);
  EXPECT_EQ(bills->direction, "outbound");
  EXPECT_EQ(reload(b1.id).state, "partially_paid");
  EXPECT_EQ(reload(b1.id).residual.to_string(), "30.00");
  EXPECT_EQ(reload(b2.id).state, "paid");
  KEEL_ASSERT_OK(undo(out[0]));
  EXPECT_EQ(reload(b1.id).state, "posted");
  EXPECT_EQ(reload(b2.id).residual.to_string(), "15.50");
  EXPECT_TRUE(breaches().empty());
}

TEST_P(BankDocumentsTest, bad_input_is_refused_with_stable_codes_and_writes_nothing) {
  const auto acme = party("Acme Widgets");
  const auto other = party("Other Buyer");
  const Invoice a1 = document(InvoiceType::out_invoice, acme, "2026-03-01", "100.00");
  const Invoice a2 = document(InvoiceType::out_invoice, acme, "2026-03-02", "250.00");
  const Invoice o1 = document(InvoiceType::out_invoice, other, "2026-03-01", "250.00");
  const Invoice bill = document(InvoiceType::in_invoice, acme, "2026-03-01", "250.00");
  const Invoice draft =
      document(InvoiceType::out_invoice, acme, "2026-03-01", "250.00", "EUR", true);
  KEEL_ASSERT_OK(as(company_a(), [&](db::Tx& tx, const Context& c) {
    return set_rate(tx, c, test::currency("USD"), day("2026-03-01"), Rate::parse("0.9").value());
  }));
  const Invoice usd = document(InvoiceType::out_invoice, acme, "2026-03-01", "250.00", "USD");
  const auto lines = import_rows("2026-03-20;350.00;;Acme;x\n");
  const StatementLineId line = lines[0];
  const auto before = footprint();
  const auto refused = [&](std::vector<DocumentAllocation> allocations, const char* code) {
    KEEL_ASSERT_ERROR(pay(line, std::move(allocations)), code);
    EXPECT_EQ(footprint(), before) << code;
  };
  refused({}, "bank_reconcile_invoices_required");
  refused(std::vector<DocumentAllocation>(kReconcileInvoicesMax + 1, {.invoice_id = a1.id}),
          "bank_reconcile_invoices_too_many");
  refused({{.invoice_id = a1.id}, {.invoice_id = InvoiceId{999'999}}}, "bank_invoice_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = a1.id}}, "bank_invoice_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = draft.id}}, "bank_invoice_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = bill.id}}, "bank_invoice_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = o1.id}}, "bank_invoice_partner_mismatch");
  refused({{.invoice_id = a1.id}, {.invoice_id = usd.id}}, "bank_invoice_currency_mismatch");
  refused({{.invoice_id = a1.id}, {.invoice_id = a2.id, .amount = "0"}},
          "bank_allocation_amount_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = a2.id, .amount = "2x"}},
          "bank_allocation_amount_invalid");
  refused({{.invoice_id = a1.id}, {.invoice_id = a2.id, .amount = "250.01"}},
          "bank_allocation_amount_invalid");
  refused({{.invoice_id = a1.id, .amount = "99.99"}, {.invoice_id = a2.id}},
          "bank_reconcile_amount_mismatch");
  refused({{.invoice_id = a2.id}}, "bank_reconcile_amount_mismatch");
  // Another company's document is not found.
  KEEL_ASSERT_ERROR(as(company_b(),
                       [&](db::Tx& tx, const Context& context) {
                         return reconcile_with_documents(tx, context, line,
                                                         {{.invoice_id = a1.id}});
                       }),
                    "bank_statement_line_not_found");
  EXPECT_EQ(footprint(), before);

  // A bank account on another journal than the one payments post to.
  const auto journal = as(company_a(), [&](db::Tx& tx, const Context& c) {
    return create_journal(tx, c,
                          {.code = "BNK2", .name = "Second bank", .type = JournalType::bank});
  });
  KEEL_ASSERT_OK(journal);
  const auto second = as(company_a(), [&](db::Tx& tx, const Context& context) {
    return create_bank_account(tx, context,
                               {.name = "Second",
                                .account_number = "12345678",
                                .currency = "EUR",
                                .journal_id = journal->id});
  });
  KEEL_ASSERT_OK(second);
  const auto other_lines = import_rows("2026-03-20;100.00;;Acme;y\n", &*second);
  const auto before_second = footprint();
  KEEL_ASSERT_ERROR(pay(other_lines[0], {{.invoice_id = a1.id}}), "bank_payment_journal_mismatch");
  EXPECT_EQ(footprint(), before_second);
  EXPECT_TRUE(breaches().empty());
}

TEST_P(BankDocumentsTest, a_foreign_account_posts_at_the_line_rate_and_realizes_the_difference) {
  KEEL_ASSERT_OK(as(company_a(), [&](db::Tx& tx, const Context& c) -> Result<void> {
    TRY(set_rate(tx, c, test::currency("USD"), day("2026-03-01"), Rate::parse("0.9").value()));
    return set_rate(tx, c, test::currency("USD"), day("2026-03-20"), Rate::parse("0.95").value());
  }));
  const auto usd = as(company_a(), [&](db::Tx& tx, const Context& context) {
    return create_bank_account(tx, context,
                               {.name = "USD", .account_number = "US123456789", .currency = "USD"});
  });
  KEEL_ASSERT_OK(usd);
  const auto acme = party("Acme Widgets");
  const Invoice invoice = document(InvoiceType::out_invoice, acme, "2026-03-01", "100.00", "USD");
  EXPECT_EQ(invoice.total_company.to_string(), "90.00");
  const auto lines = import_rows(
      "2026-02-27;-5.00;;Bank;early fee\n"
      "2026-03-20;-10.00;;Bank;fees\n"
      "2026-03-20;100.00;;Acme Widgets;payment\n",
      &*usd);
  ASSERT_EQ(lines.size(), 3u);
  const Account expense = account_with_role(company_a(), role::kExpense);
  const auto counterpart = [&](StatementLineId line) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return reconcile_with_counterpart(tx, context, line, expense.id, std::nullopt, "");
    });
  };
  const auto before = footprint();
  KEEL_ASSERT_ERROR(counterpart(lines[0]), "rate_not_found");
  EXPECT_EQ(footprint(), before);

  // Fees of 10.00 USD at 0.95: the bank line keeps −10.00 USD, both lines are worth 9.50 EUR.
  const auto fees = counterpart(lines[1]);
  KEEL_ASSERT_OK(fees);
  bool bank_line_seen = false;
  for (const Line& line : fees->lines) {
    if (line.account_id == usd->account_id) {
      bank_line_seen = true;
      EXPECT_EQ(line.credit.to_string(), "9.50");
      EXPECT_EQ(line.amount_currency.to_string(), "-10.00");
      EXPECT_EQ(line.amount_currency.currency().code(), "USD");
    } else {
      EXPECT_EQ(line.debit.to_string(), "9.50");
    }
  }
  EXPECT_TRUE(bank_line_seen);

  // 100.00 USD booked at 0.9 (90.00 EUR) and paid at 0.95 (95.00 EUR): a realized gain of 5.00.
  const auto proposed = groups(lines[2]);
  KEEL_ASSERT_OK(proposed);
  ASSERT_EQ(proposed->size(), 1u);
  EXPECT_EQ((*proposed)[0].total.to_string(), "100.00");
  const auto paid = pay(lines[2], {{.invoice_id = invoice.id}});
  KEEL_ASSERT_OK(paid);
  EXPECT_EQ(paid->amount_company.to_string(), "95.00");
  ASSERT_EQ(paid->allocations.size(), 1u);
  EXPECT_EQ(paid->allocations[0].fx_company.to_string(), "5.00");
  EXPECT_EQ(reload(invoice.id).state, "paid");
  const Account gain = account_with_role(company_a(), role::kFxGain);
  const std::string gain_sql =
      "SELECT COALESCE(SUM(credit - debit), 0) FROM accounting_entry_lines WHERE account_id = " +
      std::to_string(gain.id.value());
  EXPECT_EQ(count(gain_sql), 500);
  EXPECT_TRUE(breaches().empty());

  // Undone: the gain and the payment reversed, the invoice open at its booked value.
  KEEL_ASSERT_OK(undo(lines[2]));
  EXPECT_EQ(count(gain_sql), 0);
  EXPECT_EQ(reload(invoice.id).state, "posted");
  EXPECT_EQ(reload(invoice.id).residual_company.to_string(), "90.00");
  EXPECT_TRUE(breaches().empty());
}

KEEL_INSTANTIATE_ENGINES(BankDocumentsTest);

}  // namespace
}  // namespace keel::accounting::bank
