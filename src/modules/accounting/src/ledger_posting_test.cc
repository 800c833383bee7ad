// Posting, refusals, reversal, numbering, the hash chain and check(), on both engines.
#include <atomic>
#include <thread>

#include "keel/core/limits.h"
#include "keel/partners/partners_api.h"
#include "ledger_internal.h"
#include "ledger_test_support.h"

namespace keel::accounting {
namespace {

using test::date;
using test::money;

class LedgerPostingTest : public test::LedgerTest {
 protected:
  // Runs post() and expects `code`; the rows it would write must not exist afterwards, read in
  // the same transaction (so a partial write cannot hide behind a rollback).
  void expect_refused(const Context& context, const EntryDraft& draft, const std::string& code) {
    const auto tables = {"accounting_entries", "accounting_entry_lines", "accounting_balances",
                         "accounting_daily_balances", "accounting_sequences"};
    std::vector<std::int64_t> before;
    for (const char* table : tables) before.push_back(count(table));
    auto outcome = write([&](db::Tx& tx) -> Result<std::vector<std::int64_t>> {
      auto posted = post(tx, context, draft);
      if (posted.ok()) return Error::internal("posted", "the entry was posted");
      if (posted.error().code() != code) return posted.release_error();
      std::vector<std::int64_t> counts;
      for (const char* table : tables) {
        const auto row = TRY(tx.query_one("SELECT COUNT(*) FROM " + std::string(table)));
        counts.push_back(row->integer(0));
      }
      return counts;
    });
    ASSERT_TRUE(outcome.ok()) << "expected " << code << ", got " << outcome.error().code() << ": "
                              << outcome.error().message();
    EXPECT_EQ(outcome.value(), before) << code << " wrote rows";
  }

  partners::PartyId party(CompanyId company) {
    partners::PartyDraft draft;
    draft.kind = "organization";
    draft.name = "Customer " + std::to_string(++m_parties);
    auto created = write([&](db::Tx& tx) {
      return partners::create_party(tx, clock(), partners::Caller::system(company, UserId{1}),
                                    draft);
    });
    EXPECT_TRUE(created.ok());
    return created->party.id;
  }

 private:
  int m_parties = 0;
};

TEST_P(LedgerPostingTest, posts_a_balanced_entry_with_number_hash_and_balances) {
  const Context ctx = context(eur);
  const auto entry = post_now(ctx, simple(eur, "2026-03-05", role::kCash, role::kRevenue,
                                          money("1234.50", "EUR"), JournalType::sales));
  KEEL_ASSERT_OK(entry);
  EXPECT_EQ(entry->state, "posted");
  EXPECT_EQ(entry->number.value(), "SAL/2026/000001");
  EXPECT_EQ(entry->hash.size(), 64u);
  EXPECT_EQ(entry->previous_hash, "");
  ASSERT_EQ(entry->lines.size(), 2u);
  EXPECT_EQ(balance(ctx, account(eur, role::kCash), "2026-03-05").to_string(), "1234.50");
  EXPECT_EQ(balance(ctx, account(eur, role::kRevenue), "2026-12-31").to_string(), "-1234.50");
  EXPECT_EQ(balance(ctx, account(eur, role::kCash), "2026-03-04").to_string(), "0.00");
  const auto second = post_now(ctx, simple(eur, "2026-03-06", role::kCash, role::kRevenue,
                                           money("1", "EUR"), JournalType::sales));
  KEEL_ASSERT_OK(second);
  EXPECT_EQ(second->number.value(), "SAL/2026/000002");
  EXPECT_EQ(second->previous_hash, entry->hash);
  auto used = read([&](db::Tx& tx) { return get_account(tx, eur, account(eur, role::kCash)); });
  EXPECT_TRUE(used->used);
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerPostingTest, rial_amounts_of_ten_to_the_seventeenth_balance_exactly) {
  const Context ctx = context(irr);
  const Money big = money("100000000000000000", "IRR");  // 10^17 rials
  for (int i = 0; i < 5; ++i) {
    KEEL_ASSERT_OK(post_now(ctx, simple(irr, "2025-07-01", role::kBank, role::kRevenue, big)));
  }
  EXPECT_EQ(balance(ctx, account(irr, role::kBank), "2025-07-01").to_string(),
            "500000000000000000");
  // A tenth posting of 10^18 − 1 would pass int64 in one balance row: refused, not wrapped.
  const Money max = money("999999999999999999", "IRR");
  for (int i = 0; i < 9; ++i) {
    KEEL_ASSERT_OK(post_now(ctx, simple(irr, "2025-07-02", role::kCash, role::kExpense, max)));
  }
  auto over = post_now(ctx, simple(irr, "2025-07-02", role::kCash, role::kExpense, max));
  KEEL_ASSERT_ERROR(over, "balance_out_of_range");
  auto too_big = read([&](db::Tx& tx) {
    return balance_at(tx, ctx, account(irr, role::kCash), date("2025-07-02"));
  });
  KEEL_ASSERT_ERROR(too_big, "amount_out_of_range");
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerPostingTest, foreign_currency_lines_carry_both_amounts) {
  const Context ctx = context(eur);
  EntryDraft draft = simple(eur, "2026-04-01", role::kBank, role::kRevenue, money("100", "EUR"));
  draft.lines[0].amount_currency = money("110", "USD");
  draft.lines[0].rate = Rate::parse("0.909090909").value();
  draft.lines[1].amount_currency = money("-110", "USD");
  const auto entry = post_now(ctx, draft);
  KEEL_ASSERT_OK(entry);
  EXPECT_EQ(entry->lines[0].amount_currency.to_string(), "110.00");
  EXPECT_EQ(entry->lines[0].amount_currency.currency().code(), "USD");
  EXPECT_EQ(entry->lines[0].rate->to_string(), "0.909090909");
  EXPECT_TRUE(breaches().empty());

  draft.lines[1].amount_currency = money("-100", "USD");
  expect_refused(ctx, draft, "entry_currency_unbalanced");
  draft.lines[1].amount_currency = money("110", "USD");  // wrong sign for a credit
  expect_refused(ctx, draft, "entry_line_currency_invalid");
  draft.lines[1].amount_currency = money("-110", "EUR");  // the company currency
  expect_refused(ctx, draft, "entry_line_currency_invalid");
}

TEST_P(LedgerPostingTest, every_refusal_writes_nothing) {
  const Context ctx = context(eur);
  const Money ten = money("10", "EUR");
  const auto base = [&] { return simple(eur, "2026-02-01", role::kCash, role::kRevenue, ten); };
  EntryDraft draft = base();
  draft.lines.pop_back();
  expect_refused(ctx, draft, "entry_lines_too_few");
  draft = base();
  draft.lines.resize(limits::kEntryLinesMax + 1, draft.lines[0]);
  expect_refused(ctx, draft, "entry_lines_too_many");
  draft = base();
  draft.lines[0].debit = Money::zero(test::currency("EUR"));
  expect_refused(ctx, draft, "entry_line_amount_zero");
  draft = base();
  draft.lines[0].credit = ten;
  expect_refused(ctx, draft, "entry_line_both_sides");
  draft = base();
  draft.lines[0].debit = money("-10", "EUR");
  expect_refused(ctx, draft, "entry_line_both_sides");
  draft = base();
  draft.lines[0].debit = money("10.01", "EUR");
  expect_refused(ctx, draft, "entry_unbalanced");
  draft = base();
  draft.memo.assign(limits::kMemoLengthMax + 1, 'm');
  expect_refused(ctx, draft, "entry_text_too_long");
  draft = base();
  draft.kind = "reversal";  // only reverse() writes reversals
  expect_refused(ctx, draft, "entry_kind_invalid");
  draft = base();
  draft.lines[0].account_id = account(irr, role::kCash);  // another company's account
  expect_refused(ctx, draft, "account_not_found");
  draft = base();
  draft.journal_id = journal(irr, JournalType::general);
  expect_refused(ctx, draft, "journal_not_found");
  draft = base();
  draft.date = date("2030-01-01");
  expect_refused(ctx, draft, "fiscal_year_not_found");
}

TEST_P(LedgerPostingTest, accounts_journals_and_partners_are_checked) {
  const Context ctx = context(eur);
  const Money ten = money("10", "EUR");
  EntryDraft draft = simple(eur, "2026-02-01", role::kReceivable, role::kRevenue, ten);
  expect_refused(ctx, draft, "partner_required");
  draft.lines[0].partner_id = partners::PartyId{999'999};
  expect_refused(ctx, draft, "party_not_found");
  draft.lines[0].partner_id = party(eur);
  KEEL_ASSERT_OK(post_now(ctx, draft));

  auto summary = read([&](db::Tx& tx) -> Result<AccountId> {
    for (const auto& a : TRY(list_accounts(tx, eur))) if (!a.postable) return a.id;
    return Error::internal("none", "no summary account");
  });
  draft = simple(eur, "2026-02-01", role::kCash, role::kRevenue, ten);
  draft.lines[0].account_id = summary.value();
  expect_refused(ctx, draft, "account_not_postable");

  auto usd = write([&](db::Tx& tx) {
    return create_account(tx, ctx, {.code = "1110", .type = AccountType::asset, .role = "",
                                     .parent_id = std::nullopt, .postable = true,
                                     .currency = "USD", .names = {{"en", "Bank USD"}}});
  });
  KEEL_ASSERT_OK(usd);
  draft = simple(eur, "2026-02-01", role::kCash, role::kRevenue, ten);
  draft.lines[0].account_id = usd->id;
  expect_refused(ctx, draft, "account_currency_mismatch");
  KEEL_ASSERT_OK(write([&](db::Tx& tx) { return archive_account(tx, ctx, usd->id); }));
  expect_refused(ctx, draft, "account_archived");

  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return tx.execute("UPDATE accounting_journals SET archived = 1 WHERE id = $1",
                      {journal(eur, JournalType::cash).value()});
  }));
  draft = simple(eur, "2026-02-01", role::kCash, role::kRevenue, ten, JournalType::general);
  draft.journal_id = read([&](db::Tx& tx) -> Result<JournalId> {
                       for (const auto& j : TRY(list_journals(tx, eur)))
                         if (j.code == "CSH") return j.id;
                       return Error::internal("none", "no CSH");
                     }).value();
  expect_refused(ctx, draft, "journal_archived");
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerPostingTest, drafts_post_and_reverse_with_their_state_codes) {
  const Context ctx = context(eur);
  const EntryDraft draft = simple(eur, "2026-05-10", role::kExpense, role::kBank,
                                  money("40", "EUR"), JournalType::bank);
  auto id = write([&](db::Tx& tx) { return create_draft(tx, ctx, draft); });
  KEEL_ASSERT_OK(id);
  auto stored = read([&](db::Tx& tx) { return get_entry(tx, eur, id.value()); });
  EXPECT_EQ(stored->state, "draft");
  EXPECT_FALSE(stored->number.has_value());
  EXPECT_EQ(count("accounting_balances"), 0);
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return reverse(tx, ctx, id.value(), draft.date); }),
                    "entry_not_posted");
  auto posted = write([&](db::Tx& tx) { return post_draft(tx, ctx, id.value()); });
  KEEL_ASSERT_OK(posted);
  EXPECT_EQ(posted->number.value(), "BNK/2026/000001");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return post_draft(tx, ctx, id.value()); }),
                    "entry_not_draft");
  auto reversal = write([&](db::Tx& tx) {
    return reverse(tx, ctx, id.value(), date("2026-05-11"), "mistake");
  });
  KEEL_ASSERT_OK(reversal);
  EXPECT_EQ(reversal->kind, "reversal");
  EXPECT_EQ(reversal->reversal_of, id.value());
  EXPECT_EQ(reversal->lines[0].credit.to_string(), "40.00");
  EXPECT_EQ(reversal->number.value(), "BNK/2026/000002");
  auto original = read([&](db::Tx& tx) { return get_entry(tx, eur, id.value()); });
  EXPECT_EQ(original->reversed_by, reversal->id);
  EXPECT_EQ(balance(ctx, account(eur, role::kBank), "2026-05-11").to_string(), "0.00");
  KEEL_ASSERT_ERROR(write([&](db::Tx& tx) { return reverse(tx, ctx, id.value(), draft.date); }),
                    "entry_already_reversed");
  KEEL_ASSERT_ERROR(read([&](db::Tx& tx) { return get_entry(tx, irr, id.value()); }),
                    "entry_not_found");
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerPostingTest, numbers_stay_gap_free_under_concurrent_posting) {
  const Context ctx = context(eur);
  const EntryDraft sales = simple(eur, "2026-06-01", role::kCash, role::kRevenue,
                                  money("1", "EUR"), JournalType::sales);
  const EntryDraft bank = simple(eur, "2026-06-01", role::kBank, role::kRevenue,
                                 money("2", "EUR"), JournalType::bank);
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!post_now(ctx, (t + i) % 2 == 0 ? sales : bank).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& [type, code] : {std::pair{JournalType::sales, "SAL"},
                                   std::pair{JournalType::bank, "BNK"}}) {
    auto numbers = read([&](db::Tx& tx) -> Result<std::vector<std::string>> {
      const auto rows = TRY(tx.query(
          "SELECT number FROM accounting_entries WHERE journal_id = $1 ORDER BY sequence",
          {journal(eur, type).value()}));
      std::vector<std::string> out;
      for (const auto& row : rows) out.push_back(row.text(0));
      return out;
    });
    ASSERT_EQ(numbers->size(), static_cast<std::size_t>(kThreads * kEach / 2));
    for (std::size_t i = 0; i < numbers->size(); ++i) {
      EXPECT_EQ((*numbers)[i], ledger::entry_number(code, "2026", static_cast<std::int64_t>(i + 1)));
    }
  }
  EXPECT_TRUE(breaches().empty());
}

TEST_P(LedgerPostingTest, check_reports_tampering_with_a_posted_line) {
  const Context ctx = context(eur);
  const auto entry = post_now(ctx, simple(eur, "2026-03-05", role::kCash, role::kRevenue,
                                          money("10", "EUR"), JournalType::sales));
  KEEL_ASSERT_OK(entry);
  KEEL_ASSERT_OK(post_now(ctx, simple(eur, "2026-03-06", role::kCash, role::kRevenue,
                                      money("10", "EUR"), JournalType::sales)));
  EXPECT_TRUE(breaches().empty());
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return tx.execute("UPDATE accounting_entry_lines SET debit = 1100 WHERE id = $1",
                      {entry->lines[0].id});
  }));
  const auto found = breaches();
  const auto mentions = [&found](std::string_view text) {
    for (const auto& line : found) if (line.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(mentions("entry " + std::to_string(entry->id.value()) +
                       " (SAL/2026/000001): hash mismatch"));
  EXPECT_TRUE(mentions("(SAL/2026/000001): unbalanced"));
  EXPECT_TRUE(mentions("differs from the sum of its lines"));
  KEEL_ASSERT_OK(write([&](db::Tx& tx) {
    return tx.execute("UPDATE accounting_entries SET sequence = 5 WHERE id = $1",
                      {entry->id.value()});
  }));
  EXPECT_TRUE([&] {
    for (const auto& line : breaches()) if (line.find("(gap)") != std::string::npos) return true;
    return false;
  }());
}

KEEL_INSTANTIATE_ENGINES(LedgerPostingTest);

}  // namespace
}  // namespace keel::accounting
