// Trial balance, income statement, balance sheet and cash flow from per-account sums.
#include <algorithm>
#include <functional>
#include <map>

#include "reports_ledger.h"

namespace keel::accounting::reports {
namespace {

using detail::AccountInfo;
using detail::SumsByAccount;

Turnover sum_of(const SumsByAccount& sums, std::int64_t account_id) {
  const auto found = sums.find(account_id);
  return found == sums.end() ? Turnover{} : found->second;
}

// Splits a signed balance to its side: {debit, credit}, one of them 0.
std::pair<Amount, Amount> sides(Amount balance) {
  return balance >= 0 ? std::pair<Amount, Amount>{balance, 0}
                      : std::pair<Amount, Amount>{0, -balance};
}

// The balances at the end of the day before `from` (nothing before the first date).
Result<SumsByAccount> opening_sums(db::Tx& tx, CompanyId company_id, Date from) {
  const auto before = detail::day_before(from);
  if (!before) return SumsByAccount{};
  return detail::sums_until(tx, company_id, *before);
}

bool is_cash(const AccountInfo& account) {
  return account.role == role::kCash || account.role == role::kBank;
}

bool is_result(const AccountInfo& account) {
  return account.type == AccountType::income || account.type == AccountType::expense;
}

void add_to_totals(TrialBalanceRow& totals, const TrialBalanceRow& row) {
  totals.opening_debit += row.opening_debit;
  totals.opening_credit += row.opening_credit;
  totals.debit += row.debit;
  totals.credit += row.credit;
  totals.closing_debit += row.closing_debit;
  totals.closing_credit += row.closing_credit;
  totals.balance += row.balance;
  totals.compare_debit += row.compare_debit;
  totals.compare_credit += row.compare_credit;
  totals.compare_balance += row.compare_balance;
}

// ---- statements as account trees ----

// A statement section over accounts of one type: `amount_of` gives an account's own amount in
// the section's direction for the current and the comparison column.
struct TreeInput {
  const std::vector<AccountInfo>* accounts;
  AccountType type;
  std::function<std::pair<Amount, Amount>(const AccountInfo&)> amount_of;
};

class TreeBuilder {
 public:
  explicit TreeBuilder(const TreeInput& input) : m_input(input) {
    for (std::size_t i = 0; i < input.accounts->size(); ++i) {
      const AccountInfo& account = (*input.accounts)[i];
      if (account.type == input.type) m_index[account.id] = i;
    }
    for (const auto& [id, i] : m_index) {
      const auto& parent = (*input.accounts)[i].parent_id;
      const bool has_parent = parent && m_index.contains(*parent);
      (has_parent ? m_children[*parent] : m_roots).push_back(i);
    }
    const auto by_code = [&](std::size_t a, std::size_t b) {
      return (*input.accounts)[a].code < (*input.accounts)[b].code;
    };
    std::sort(m_roots.begin(), m_roots.end(), by_code);
    for (auto& [parent, children] : m_children)
      std::sort(children.begin(), children.end(), by_code);
  }

  StatementSection build(std::string key) {
    StatementSection section;
    section.key = std::move(key);
    for (const std::size_t root : m_roots) {
      const auto [amount, compare] = emit(root, 0, section.lines);
      section.total += amount;
      section.compare_total += compare;
    }
    return section;
  }

 private:
  // Appends the node (if it or a descendant has an amount) and its subtree; returns its sums.
  std::pair<Amount, Amount> emit(std::size_t index, int level, std::vector<StatementLine>& out) {
    const AccountInfo& account = (*m_input.accounts)[index];
    const std::size_t position = out.size();
    out.push_back(
        {AccountId{account.id},
         account.parent_id ? std::optional<AccountId>(AccountId{*account.parent_id}) : std::nullopt,
         account.code, account.name, level, account.postable, 0, 0});
    auto [amount, compare] = m_input.amount_of(account);
    bool any = amount != 0 || compare != 0;
    // Depth is bounded by the chart (a tree of a few levels); 64 guards a corrupt cycle.
    if (level < 64) {
      if (const auto found = m_children.find(account.id); found != m_children.end()) {
        for (const std::size_t child : found->second) {
          const std::size_t before = out.size();
          const auto [child_amount, child_compare] = emit(child, level + 1, out);
          amount += child_amount;
          compare += child_compare;
          any = any || out.size() > before;
        }
      }
    }
    if (!any) {
      out.resize(position);
      return {0, 0};
    }
    out[position].amount = amount;
    out[position].compare_amount = compare;
    return {amount, compare};
  }

  const TreeInput& m_input;
  std::map<std::int64_t, std::size_t> m_index;
  std::map<std::int64_t, std::vector<std::size_t>> m_children;
  std::vector<std::size_t> m_roots;
};

StatementSection section_of(const std::vector<AccountInfo>& accounts, AccountType type,
                            std::string key, const SumsByAccount& current,
                            const SumsByAccount* compare, bool debit_positive) {
  const TreeInput input{&accounts, type, [&](const AccountInfo& account) {
                          const Amount sign = debit_positive ? 1 : -1;
                          const Amount a = sign * sum_of(current, account.id).balance();
                          const Amount c =
                              compare ? sign * sum_of(*compare, account.id).balance() : 0;
                          return std::pair<Amount, Amount>{a, c};
                        }};
  return TreeBuilder(input).build(std::move(key));
}

// Income less expense (credit − debit over income and expense accounts).
Amount earnings_of(const std::vector<AccountInfo>& accounts, const SumsByAccount& sums) {
  Amount total = 0;
  for (const auto& account : accounts) {
    if (is_result(account)) total -= sum_of(sums, account.id).balance();
  }
  return total;
}

}  // namespace

// ---- trial balance ----

namespace {

TrialBalanceRow trial_balance_row(const AccountInfo& account, const SumsByAccount& opening,
                                  const SumsByAccount& movement, const SumsByAccount* compare,
                                  const SumsByAccount* compare_closing) {
  TrialBalanceRow row;
  row.account_id = AccountId{account.id};
  row.code = account.code;
  row.name = account.name;
  row.type = account.type;
  const Amount opened = sum_of(opening, account.id).balance();
  std::tie(row.opening_debit, row.opening_credit) = sides(opened);
  const Turnover moved = sum_of(movement, account.id);
  row.debit = moved.debit;
  row.credit = moved.credit;
  row.balance = opened + moved.balance();
  std::tie(row.closing_debit, row.closing_credit) = sides(row.balance);
  if (compare) {
    const Turnover compared = sum_of(*compare, account.id);
    row.compare_debit = compared.debit;
    row.compare_credit = compared.credit;
    row.compare_balance = sum_of(*compare_closing, account.id).balance();
  }
  return row;
}

}  // namespace

Result<TrialBalance> trial_balance(db::Tx& tx, const Context& context, const RangeQuery& query) {
  TrialBalance report{context.company_currency, query.range, query.compare, std::nullopt, {}, {}};
  report.compare_range = TRY(comparison_range(query.range, query.compare, context.calendar));
  const auto accounts = TRY(detail::load_accounts(tx, context.company_id, query.language));
  const SumsByAccount opening = TRY(opening_sums(tx, context.company_id, query.range.from));
  const SumsByAccount movement = TRY(detail::sums_between(tx, context.company_id, query.range));
  std::optional<SumsByAccount> compare;
  std::optional<SumsByAccount> compare_closing;
  if (report.compare_range) {
    compare = TRY(detail::sums_between(tx, context.company_id, *report.compare_range));
    compare_closing = TRY(detail::sums_until(tx, context.company_id, report.compare_range->to));
  }
  for (const auto& account : accounts) {
    TrialBalanceRow row =
        trial_balance_row(account, opening, movement, compare ? &*compare : nullptr,
                          compare_closing ? &*compare_closing : nullptr);
    const bool empty = row.opening_debit == 0 && row.opening_credit == 0 && row.debit == 0 &&
                       row.credit == 0 && row.compare_debit == 0 && row.compare_credit == 0 &&
                       row.compare_balance == 0;
    if (empty) continue;
    add_to_totals(report.totals, row);
    report.rows.push_back(std::move(row));
  }
  return report;
}

// ---- income statement ----

Result<IncomeStatement> income_statement(db::Tx& tx, const Context& context,
                                         const RangeQuery& query) {
  IncomeStatement report{
      .currency = context.company_currency, .range = query.range, .compare = query.compare};
  report.compare_range = TRY(comparison_range(query.range, query.compare, context.calendar));
  const auto accounts = TRY(detail::load_accounts(tx, context.company_id, query.language));
  const SumsByAccount movement = TRY(detail::sums_between(tx, context.company_id, query.range));
  std::optional<SumsByAccount> compare;
  if (report.compare_range) {
    compare = TRY(detail::sums_between(tx, context.company_id, *report.compare_range));
  }
  const SumsByAccount* compared = compare ? &*compare : nullptr;
  report.income = section_of(accounts, AccountType::income, "income", movement, compared, false);
  report.expense = section_of(accounts, AccountType::expense, "expense", movement, compared, true);
  report.net_income = report.income.total - report.expense.total;
  report.compare_net_income = report.income.compare_total - report.expense.compare_total;
  return report;
}

// ---- balance sheet ----

namespace {

Result<Date> balance_sheet_compare_date(db::Tx& tx, const Context& context, Date date,
                                        Compare compare) {
  if (compare == Compare::previous_year) {
    const auto range = TRY(comparison_range(DateRange{date, date}, compare, context.calendar));
    return range->to;
  }
  auto period = period_for(tx, context.company_id, date);
  const Date start = period.ok() ? period->start_date : date;
  if (!period.ok() && period.error().code() != "fiscal_year_not_found") {
    return period.release_error();
  }
  const auto before = detail::day_before(start);
  if (!before) return Error::validation("date_invalid", "no period before that date", "date");
  return *before;
}

}  // namespace

Result<BalanceSheet> balance_sheet(db::Tx& tx, const Context& context,
                                   const BalanceSheetQuery& query) {
  BalanceSheet report{
      .currency = context.company_currency, .date = query.date, .compare = query.compare};
  if (query.compare != Compare::none) {
    report.compare_date = TRY(balance_sheet_compare_date(tx, context, query.date, query.compare));
  }
  const auto accounts = TRY(detail::load_accounts(tx, context.company_id, query.language));
  const SumsByAccount sums = TRY(detail::sums_until(tx, context.company_id, query.date));
  std::optional<SumsByAccount> compare;
  if (report.compare_date) {
    compare = TRY(detail::sums_until(tx, context.company_id, *report.compare_date));
  }
  const SumsByAccount* compared = compare ? &*compare : nullptr;
  report.assets = section_of(accounts, AccountType::asset, "assets", sums, compared, true);
  report.liabilities =
      section_of(accounts, AccountType::liability, "liabilities", sums, compared, false);
  report.equity = section_of(accounts, AccountType::equity, "equity", sums, compared, false);
  StatementLine earnings{AccountId{0},
                         std::nullopt,
                         "current_earnings",
                         "Current earnings",
                         0,
                         false,
                         earnings_of(accounts, sums),
                         compared ? earnings_of(accounts, *compared) : 0};
  report.equity.total += earnings.amount;
  report.equity.compare_total += earnings.compare_amount;
  report.equity.lines.push_back(std::move(earnings));
  report.liabilities_and_equity = report.liabilities.total + report.equity.total;
  report.compare_liabilities_and_equity =
      report.liabilities.compare_total + report.equity.compare_total;
  report.balanced = report.assets.total == report.liabilities_and_equity &&
                    report.assets.compare_total == report.compare_liabilities_and_equity;
  return report;
}

// ---- cash flow ----

namespace {

// The cash-flow line a non-cash account's movement belongs to.
std::string_view cash_flow_key(const AccountInfo& account) {
  if (is_result(account)) return "net_income";
  if (account.type == AccountType::equity) return "equity";
  if (account.role == role::kReceivable) return "receivable";
  if (account.role == role::kPayable) return "payable";
  if (account.role == role::kInventory) return "inventory";
  if (account.role == role::kTaxInput || account.role == role::kTaxOutput) return "tax";
  if (account.type == AccountType::liability) return "other_operating";
  if (account.role == role::kSuspense || account.role == role::kUnrealizedFx) {
    return "other_operating";
  }
  return "investing_assets";
}

// Cash effect per key: credit − debit movement of every non-cash account; and the cash change.
struct CashFlowSums {
  std::map<std::string_view, Amount> by_key;
  Amount cash_change = 0;
};

CashFlowSums cash_flow_sums(const std::vector<AccountInfo>& accounts, const SumsByAccount& sums) {
  CashFlowSums out;
  for (const auto& account : accounts) {
    const Amount balance = sum_of(sums, account.id).balance();
    if (is_cash(account)) {
      out.cash_change += balance;
    } else {
      out.by_key[cash_flow_key(account)] -= balance;
    }
  }
  return out;
}

CashFlowSection cash_flow_section(std::string key, std::vector<std::string_view> lines,
                                  const CashFlowSums& current, const CashFlowSums* compare) {
  CashFlowSection section;
  section.key = std::move(key);
  for (const auto line : lines) {
    const auto amount = [line](const CashFlowSums& sums) {
      const auto found = sums.by_key.find(line);
      return found == sums.by_key.end() ? Amount{0} : found->second;
    };
    CashFlowLine out{std::string(line), amount(current), compare ? amount(*compare) : 0};
    section.total += out.amount;
    section.compare_total += out.compare_amount;
    section.lines.push_back(std::move(out));
  }
  return section;
}

}  // namespace

Result<CashFlow> cash_flow(db::Tx& tx, const Context& context, const RangeQuery& query) {
  CashFlow report{
      .currency = context.company_currency, .range = query.range, .compare = query.compare};
  report.compare_range = TRY(comparison_range(query.range, query.compare, context.calendar));
  const auto accounts = TRY(detail::load_accounts(tx, context.company_id, query.language));
  const SumsByAccount opening = TRY(opening_sums(tx, context.company_id, query.range.from));
  const SumsByAccount movement = TRY(detail::sums_between(tx, context.company_id, query.range));
  const CashFlowSums current = cash_flow_sums(accounts, movement);
  std::optional<CashFlowSums> compare;
  if (report.compare_range) {
    const SumsByAccount sums =
        TRY(detail::sums_between(tx, context.company_id, *report.compare_range));
    compare = cash_flow_sums(accounts, sums);
  }
  const CashFlowSums* compared = compare ? &*compare : nullptr;
  report.sections.push_back(cash_flow_section(
      "operating", {"net_income", "receivable", "payable", "inventory", "tax", "other_operating"},
      current, compared));
  report.sections.push_back(
      cash_flow_section("investing", {"investing_assets"}, current, compared));
  report.sections.push_back(cash_flow_section("financing", {"equity"}, current, compared));
  for (const auto& account : accounts) {
    if (is_cash(account)) report.opening_cash += sum_of(opening, account.id).balance();
  }
  report.cash_change = current.cash_change;
  report.closing_cash = report.opening_cash + report.cash_change;
  report.compare_cash_change = compared ? compared->cash_change : 0;
  Amount total = 0;
  Amount compare_total = 0;
  for (const auto& section : report.sections) {
    total += section.total;
    compare_total += section.compare_total;
  }
  report.reconciled = total == report.cash_change && compare_total == report.compare_cash_change;
  return report;
}

}  // namespace keel::accounting::reports
