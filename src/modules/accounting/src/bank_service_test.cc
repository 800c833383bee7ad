// Bank accounts, statement import and reconciliation on both engines.
#include "bank_test_support.h"

namespace keel::accounting::bank {
namespace {

using test::BankTest;
using test::day;
using test::sample;

class BankServiceTest : public BankTest {
 protected:
  Result<ImportResult> import(const BankAccount& bank, StatementFormat format,
                              std::string content, CsvMapping mapping = {}) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return import_statement(tx, context, bank.id,
                              {.format = format, .content = content, .mapping = mapping});
    });
  }
  StoredStatement statement(StatementId id) {
    return read([&](db::Tx& tx) { return get_statement(tx, company_a(), id); }).value();
  }
  Result<std::vector<Proposal>> proposals(StatementLineId line) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return propose(tx, context, line);
    });
  }
  Result<void> match(StatementLineId line, std::vector<std::int64_t> ids) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return reconcile(tx, context, line, ids);
    });
  }
};

TEST_P(BankServiceTest, bank_accounts_are_validated_and_company_scoped) {
  const BankAccount bank = create_eur_account(company_a());
  EXPECT_EQ(bank.account_number, "DE89370400440532013000");
  const auto create = [&](BankAccountDraft draft) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return create_bank_account(tx, context, draft);
    });
  };
  KEEL_ASSERT_ERROR(create({.name = "", .account_number = "123", .currency = "EUR"}),
                    "bank_account_name_required");
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "DE89370400440532013001",
                            .currency = "EUR"}),
                    "bank_account_number_invalid");
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "12/34", .currency = "EUR"}),
                    "bank_account_number_invalid");
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "de89370400440532013000",
                            .currency = "EUR"}),
                    "bank_account_number_exists");
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "1", .currency = "XYZ"}),
                    "currency_unknown");
  const Account revenue = account_with_role(company_a(), role::kRevenue);
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "1", .currency = "EUR",
                            .account_id = revenue.id}),
                    "bank_ledger_account_invalid");
  const JournalId sales =
      read([&](db::Tx& tx) { return find_journal(tx, company_a(), JournalType::sales); })->id;
  KEEL_ASSERT_ERROR(create({.name = "x", .account_number = "1", .currency = "EUR",
                            .journal_id = sales}),
                    "bank_journal_invalid");
  const auto listed = read([&](db::Tx& tx) { return list_bank_accounts(tx, company_a()); });
  ASSERT_EQ(listed->size(), 1u);
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return get_bank_account(tx, company_b(), bank.id); }),
                    "bank_account_not_found");
}

TEST_P(BankServiceTest, import_stores_lines_and_refuses_duplicates) {
  const BankAccount bank = create_eur_account(company_a());
  const std::string camt = sample("camt053_eur.xml");
  const auto imported = import(bank, StatementFormat::camt053, camt);
  KEEL_ASSERT_OK(imported);
  EXPECT_EQ(imported->lines_imported, 3u);
  const StoredStatement stored = statement(imported->statement_id);
  ASSERT_EQ(stored.lines.size(), 3u);
  EXPECT_EQ(stored.lines[0].line.amount.to_string(), "1190.00");
  EXPECT_EQ(stored.lines[0].line.counterparty, "Müller & Söhne KG");
  EXPECT_EQ(stored.lines[1].line.amount.to_string(), "-200.45");
  EXPECT_EQ(stored.closing_balance->to_string(), "10987.05");
  EXPECT_EQ(stored.lines[2].state, LineState::open);
  KEEL_ASSERT_ERROR(import(bank, StatementFormat::camt053, camt), "statement_duplicate");
  // Another file (the group header changed) whose every line is already imported.
  std::string resent = camt;
  resent.replace(resent.find("STMT-20260331-0001"), 18, "STMT-20260331-0002");
  KEEL_ASSERT_ERROR(import(bank, StatementFormat::camt053, resent), "statement_duplicate");
  KEEL_ASSERT_ERROR(import(bank, StatementFormat::ofx, sample("ofx1_usd.ofx")),
                    "statement_currency_mismatch");
  KEEL_ASSERT_ERROR(
      read([&](db::Tx& tx) { return get_statement(tx, company_b(), imported->statement_id); }),
      "bank_statement_not_found");
}

TEST_P(BankServiceTest, overlapping_exports_skip_known_lines_and_check_the_account) {
  auto usd = as(company_a(), [](db::Tx& tx, const Context& context) {
    return create_bank_account(tx, context,
                               {.name = "US checking", .account_number = "000123456789",
                                .currency = "USD"});
  });
  KEEL_ASSERT_OK(usd);
  KEEL_ASSERT_OK(import(*usd, StatementFormat::ofx, sample("ofx1_usd.ofx")));
  KEEL_ASSERT_OK(import(*usd, StatementFormat::ofx, sample("ofx2_usd.ofx")));
  std::string overlap = sample("ofx2_usd.ofx");
  overlap.replace(overlap.find("20260415-B7"), 11, "20260416-C1");
  const auto partial = import(*usd, StatementFormat::ofx, overlap);
  KEEL_ASSERT_OK(partial);
  EXPECT_EQ(partial->lines_imported, 1u);
  EXPECT_EQ(partial->lines_skipped, 1u);
  auto other = as(company_a(), [](db::Tx& tx, const Context& context) {
    return create_bank_account(tx, context,
                               {.name = "Other", .account_number = "999", .currency = "USD"});
  });
  KEEL_ASSERT_ERROR(import(*other, StatementFormat::ofx, sample("ofx1_usd.ofx")),
                    "statement_account_mismatch");
}

TEST_P(BankServiceTest, proposals_rank_amount_date_and_reference) {
  const BankAccount bank = create_eur_account(company_a());
  const auto exact = post_bank(bank, "2026-03-04", "1190.00", "INV-2026-0042");
  const auto same_amount = post_bank(bank, "2026-03-08", "1190.00");
  const auto old = post_bank(bank, "2026-02-01", "1190.00");
  post_bank(bank, "2026-03-05", "99.00");  // neither amount nor reference: not proposed
  const auto imported = import(bank, StatementFormat::camt053, sample("camt053_eur.xml"));
  KEEL_ASSERT_OK(imported);
  const StoredStatement stored = statement(imported->statement_id);
  const auto ranked = proposals(stored.lines[0].id);
  KEEL_ASSERT_OK(ranked);
  ASSERT_EQ(ranked->size(), 3u);
  EXPECT_EQ((*ranked)[0].entry_line_id, exact);
  EXPECT_EQ((*ranked)[0].score, 50 + 12 + 25);
  EXPECT_EQ((*ranked)[0].reasons, (std::vector<std::string>{"amount", "date", "reference"}));
  EXPECT_EQ((*ranked)[1].entry_line_id, same_amount);
  EXPECT_EQ((*ranked)[1].score, 50 + 8);
  EXPECT_EQ((*ranked)[2].entry_line_id, old);
  EXPECT_EQ((*ranked)[2].score, 50);
  EXPECT_EQ((*ranked)[0].amount.to_string(), "1190.00");
}

TEST_P(BankServiceTest, reconcile_one_to_one_and_one_to_many_then_unreconcile) {
  const BankAccount bank = create_eur_account(company_a());
  const auto receipt = post_bank(bank, "2026-03-04", "1190.00", "INV-2026-0042");
  const auto paper = post_bank(bank, "2026-03-10", "-150.00");
  const auto toner = post_bank(bank, "2026-03-10", "-50.45");
  const auto imported = import(bank, StatementFormat::camt053, sample("camt053_eur.xml"));
  const StoredStatement stored = statement(imported->statement_id);
  const StatementLineId first = stored.lines[0].id;
  const StatementLineId second = stored.lines[1].id;
  KEEL_ASSERT_ERROR(match(second, {paper}), "bank_reconcile_amount_mismatch");
  KEEL_ASSERT_ERROR(match(second, {}), "bank_reconcile_lines_required");
  KEEL_ASSERT_ERROR(match(second, {paper, paper}), "bank_entry_line_invalid");
  KEEL_ASSERT_ERROR(match(second, {receipt + 1}), "bank_entry_line_invalid");  // revenue side
  KEEL_ASSERT_OK(match(first, {receipt}));
  KEEL_ASSERT_ERROR(match(first, {receipt}), "bank_statement_line_reconciled");
  KEEL_ASSERT_ERROR(match(second, {receipt}), "bank_entry_line_reconciled");
  KEEL_ASSERT_OK(match(second, {paper, toner}));
  StoredStatement after = statement(imported->statement_id);
  EXPECT_EQ(after.lines[0].state, LineState::reconciled);
  EXPECT_EQ(after.lines[0].entry_line_ids, std::vector<std::int64_t>{receipt});
  EXPECT_EQ(after.lines[1].entry_line_ids.size(), 2u);
  EXPECT_TRUE(proposals(stored.lines[2].id)->empty());
  const auto undo = [&](StatementLineId line) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return unreconcile(tx, context, line);
    });
  };
  KEEL_ASSERT_OK(undo(first));
  KEEL_ASSERT_ERROR(undo(first), "bank_statement_line_not_reconciled");
  EXPECT_EQ(statement(imported->statement_id).lines[0].state, LineState::open);
  EXPECT_EQ((*proposals(first))[0].entry_line_id, receipt);
  KEEL_ASSERT_ERROR(as(company_b(), [&](db::Tx& tx, const Context& context) {
                      return reconcile(tx, context, first, {receipt});
                    }),
                    "bank_statement_line_not_found");
}

TEST_P(BankServiceTest, counterpart_entry_posts_balanced_fees_and_reconciles) {
  const BankAccount bank = create_eur_account(company_a());
  const auto imported = import(bank, StatementFormat::camt053, sample("camt053_eur.xml"));
  const StatementLineId fees = statement(imported->statement_id).lines[2].id;
  const Account expense = account_with_role(company_a(), role::kExpense);
  const auto counterpart = [&](AccountId account) {
    return as(company_a(), [&](db::Tx& tx, const Context& context) {
      return reconcile_with_counterpart(tx, context, fees, account, std::nullopt, "");
    });
  };
  KEEL_ASSERT_ERROR(counterpart(bank.account_id), "bank_counterpart_account_invalid");
  const auto entry = counterpart(expense.id);
  KEEL_ASSERT_OK(entry);
  ASSERT_EQ(entry->lines.size(), 2u);
  EXPECT_EQ(entry->date.to_string(), "2026-03-31");
  EXPECT_EQ(entry->memo, "Account maintenance fee March");
  std::int64_t debit = 0;
  std::int64_t credit = 0;
  for (const auto& line : entry->lines) {
    debit += line.debit.minor_units();
    credit += line.credit.minor_units();
    if (line.account_id == bank.account_id) {
      EXPECT_EQ(line.credit.to_string(), "2.50");
    }
    if (line.account_id == expense.id) {
      EXPECT_EQ(line.debit.to_string(), "2.50");
    }
  }
  EXPECT_EQ(debit, credit);
  const StoredLine stored = statement(imported->statement_id).lines[2];
  EXPECT_EQ(stored.state, LineState::reconciled);
  ASSERT_EQ(stored.entry_line_ids.size(), 1u);
  KEEL_ASSERT_ERROR(counterpart(expense.id), "bank_statement_line_reconciled");
  const auto balance = read([&](db::Tx& tx) -> Result<Money> {
    const Context context = TRY(Context::system(tx, company_a(), clock()));
    return balance_at(tx, context, bank.account_id, day("2026-03-31"));
  });
  EXPECT_EQ(balance->to_string(), "-2.50");
}

KEEL_INSTANTIATE_ENGINES(BankServiceTest);

}  // namespace
}  // namespace keel::accounting::bank
