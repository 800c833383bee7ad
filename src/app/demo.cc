#include "demo.h"

#include <chrono>

#include "keel/accounting/accounting_api.h"
#include "keel/crm/crm_api.h"
#include "keel/inventory/inventory_api.h"
#include "keel/sales/sales_api.h"
#include "keel/accounting/bank_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/auth/auth_api.h"
#include "keel/partners/partners_api.h"
#include "modules.h"

namespace keel::app {
namespace {

namespace acc = keel::accounting;

// The demo's month of accounting, dated relative to `today` so aging and the bank statement
// look current: opening balances two months back, a dozen customer invoices and a few vendor
// bills in every state (draft, posted, partially paid, paid, one overdue), payments with
// allocations, a bank statement partly reconciled, and a few manual entries. Everything goes
// through the accounting module's public functions, so `keel check` holds.
class DemoBooks {
 public:
  DemoBooks(db::Tx& tx, const Clock& clock, CompanyId company, UserId user, Date today)
      : m_tx(tx), m_clock(clock), m_company(company), m_user(user), m_today(today) {}

  Result<void> run() {
    m_context_storage = TRY(acc::Context::system(m_tx, m_company, m_clock));
    m_context_storage->user_id = m_user;
    TRY(acc::install_default_chart(m_tx, context(), m_today));
    // Two months back may reach into last year (early January).
    const Date start = day(-60);
    if (start.year() < m_today.year()) {
      TRY(acc::create_fiscal_year(m_tx, context(), start.year()));
    }
    TRY(load_parties());
    TRY(opening_balances(start));
    TRY(sales());
    TRY(purchases());
    TRY(manual_entries());
    return bank_statement();
  }

 private:
  Date day(int offset) const { return m_today.add_days(offset).value(); }
  Money eur(std::string_view text) const {
    return Money::parse(text, m_context_storage->company_currency).value();
  }
  Result<acc::AccountId> by_role(std::string_view role) {
    return TRY(acc::find_account_by_role(m_tx, m_company, role)).id;
  }
  Result<acc::AccountId> by_code(std::string_view code) {
    for (const auto& account : TRY(acc::list_accounts(m_tx, m_company))) {
      if (account.code == code) return account.id;
    }
    return Error::not_found("account_not_found", "no account " + std::string(code));
  }

  Result<void> load_parties() {
    for (const auto role : {partners::Role::customer, partners::Role::supplier}) {
      partners::ListQuery query;
      query.role = role;
      query.limit = 100;
      const auto page = TRY(partners::list_parties(
          m_tx, partners::Caller::system(m_company, m_user), query));
      auto& into = role == partners::Role::customer ? m_customers : m_suppliers;
      for (const auto& party : page.items) into.push_back(party.id);
    }
    if (m_customers.size() < 4 || m_suppliers.size() < 2) {
      return Error::internal("demo_parties_missing", "the demo parties are missing");
    }
    return Ok{};
  }

  Result<void> opening_balances(Date start) {
    const acc::JournalId general =
        TRY(acc::find_journal(m_tx, m_company, acc::JournalType::general)).id;
    acc::EntryDraft entry{.journal_id = general, .date = start, .memo = "Opening balances",
                          .reference = "OPEN", .origin = {}, .kind = "opening", .lines = {}};
    entry.lines = {
        acc::LineDraft::debit_of(TRY(by_role(acc::role::kBank)), eur("48000.00"), "Bank"),
        acc::LineDraft::debit_of(TRY(by_role(acc::role::kCash)), eur("1500.00"), "Cash"),
        // No opening stock here: the inventory account only ever holds what stock moves
        // valued (keel check proves it), so the demo's stock arrives by receipts.
        acc::LineDraft::credit_of(TRY(by_code("3000")), eur("37500.00"), "Share capital"),
        acc::LineDraft::credit_of(TRY(by_role(acc::role::kRetainedEarnings)), eur("12000.00"),
                                  "Retained earnings")};
    TRY(acc::post(m_tx, context(), entry));
    return Ok{};
  }

  Result<acc::Tax> tax(std::string name, std::string scope) {
    acc::TaxDraft draft;
    draft.name = std::move(name);
    draft.rate_percent = "21";
    draft.scope = std::move(scope);
    return acc::create_tax(m_tx, context(), draft);
  }

  // One document of `lines` (description, quantity, unit price in cents).
  Result<acc::Invoice> document(acc::InvoiceType type, partners::PartyId partner, int date_offset,
                                int due_days, const acc::Tax& vat,
                                const std::vector<std::tuple<const char*, int, std::int64_t>>& lines,
                                bool post) {
    acc::InvoiceDraft draft;
    draft.type = type;
    draft.partner_id = partner;
    draft.date = day(date_offset);
    draft.due_date = day(date_offset + due_days);
    for (const auto& [description, quantity, cents] : lines) {
      acc::InvoiceLineDraft line;
      line.description = description;
      line.quantity = TRY(Quantity::from_units(quantity));
      line.unit_price_e6 = cents * 10'000;
      line.tax_ids = {vat.id};
      draft.lines.push_back(std::move(line));
    }
    acc::Invoice invoice = TRY(acc::create_invoice(m_tx, context(), draft));
    if (post) invoice = TRY(acc::post_invoice(m_tx, context(), invoice.id));
    return invoice;
  }

  // A payment of `amount` (decimal text) for `invoice` (allocated in full or in part).
  Result<acc::Payment> pay(const acc::Invoice& invoice, int date_offset, std::string amount,
                           std::string reference) {
    const bool customer = invoice.type == acc::InvoiceType::out_invoice;
    acc::PaymentDraft draft;
    draft.direction = customer ? "inbound" : "outbound";
    draft.partner_type = customer ? "customer" : "supplier";
    draft.partner_id = invoice.partner_id;
    draft.date = day(date_offset);
    draft.amount = amount;
    draft.reference = std::move(reference);
    draft.allocations = {acc::AllocationDraft{invoice.id, amount}};
    return acc::register_payment(m_tx, context(), draft);
  }

  Result<void> sales() {
    const acc::Tax vat = TRY(tax("VAT 21%", "sales"));
    using Lines = std::vector<std::tuple<const char*, int, std::int64_t>>;
    const std::vector<std::tuple<int, int, Lines>> invoices = {
        {-52, 14, {{"Office chairs", 12, 8900}, {"Delivery", 1, 4500}}},  // overdue, unpaid
        {-45, 30, {{"Standing desks", 4, 42000}}},
        {-40, 30, {{"Monitor arms", 10, 6450}, {"Cable trays", 10, 1290}}},
        {-36, 30, {{"Conference table", 1, 189000}}},
        {-30, 30, {{"Filing cabinets", 6, 15900}}},
        {-26, 30, {{"Office chairs", 20, 8900}}},
        {-21, 30, {{"Whiteboards", 5, 7400}, {"Markers (box)", 10, 850}}},
        {-17, 30, {{"Desk lamps", 25, 3200}}},
        {-12, 30, {{"Standing desks", 2, 42000}, {"Delivery", 1, 4500}}},
        {-8, 30, {{"Acoustic panels", 16, 5600}}},
        {-4, 30, {{"Office chairs", 8, 8900}}},
        {-1, 30, {{"Bookshelves", 3, 12900}}},
    };
    std::vector<acc::Invoice> posted;
    for (std::size_t i = 0; i < invoices.size(); ++i) {
      const auto& [offset, due, lines] = invoices[i];
      // The last two stay drafts.
      const bool post = i + 2 < invoices.size();
      posted.push_back(TRY(document(acc::InvoiceType::out_invoice,
                                    m_customers[i % m_customers.size()], offset, due, vat, lines,
                                    post)));
    }
    // Paid in full: invoices 2, 4 and 6; partially: 3 and 7; 1 (overdue), 5, 8, 9 stay open.
    for (const std::size_t i : {1U, 3U, 5U}) {
      m_receipts.push_back(TRY(pay(posted[i], std::get<0>(invoices[i]) + 12,
                                   posted[i].total.to_string(), *posted[i].number)));
    }
    m_receipts.push_back(TRY(pay(posted[2], -20, "500.00", *posted[2].number)));
    m_receipts.push_back(TRY(pay(posted[6], -6, "300.00", *posted[6].number)));
    return Ok{};
  }

  Result<void> purchases() {
    const acc::Tax vat = TRY(tax("VAT 21% (purchases)", "purchase"));
    using Lines = std::vector<std::tuple<const char*, int, std::int64_t>>;
    const acc::Invoice paid = TRY(document(acc::InvoiceType::in_invoice, m_suppliers[0], -44, 14,
                                           vat, Lines{{"Office chairs (stock)", 40, 5200}}, true));
    m_bill_payments.push_back(TRY(pay(paid, -31, paid.total.to_string(), *paid.number)));
    const acc::Invoice part = TRY(document(acc::InvoiceType::in_invoice, m_suppliers[1], -25, 30,
                                           vat, Lines{{"Desk frames", 10, 21000}}, true));
    m_bill_payments.push_back(TRY(pay(part, -10, "1000.00", *part.number)));
    TRY(document(acc::InvoiceType::in_invoice, m_suppliers[0], -9, 30, vat,
                 Lines{{"Lamps (stock)", 50, 1400}}, true));
    TRY(document(acc::InvoiceType::in_invoice, m_suppliers[1 % m_suppliers.size()], -2, 30, vat,
                 Lines{{"Packaging", 200, 95}}, false));
    return Ok{};
  }

  Result<void> manual_entries() {
    const acc::JournalId bank = TRY(acc::find_journal(m_tx, m_company, acc::JournalType::bank)).id;
    const acc::JournalId general =
        TRY(acc::find_journal(m_tx, m_company, acc::JournalType::general)).id;
    const acc::AccountId bank_account = TRY(by_role(acc::role::kBank));
    const acc::AccountId expense = TRY(by_role(acc::role::kExpense));
    const auto entry = [&](acc::JournalId journal, int offset, std::string memo,
                           acc::AccountId debit, acc::AccountId credit,
                           std::string amount) -> Result<acc::Entry> {
      acc::EntryDraft draft{.journal_id = journal, .date = day(offset), .memo = std::move(memo)};
      draft.lines = {acc::LineDraft::debit_of(debit, eur(amount)),
                     acc::LineDraft::credit_of(credit, eur(amount))};
      return acc::post(m_tx, context(), draft);
    };
    m_rent = TRY(entry(bank, -28, "Office rent", expense, bank_account, "2400.00"));
    m_salaries = TRY(entry(bank, -3, "Salaries", expense, bank_account, "9800.00"));
    // A misposted cash purchase, reversed the next day.
    const acc::Entry wrong = TRY(entry(general, -15, "Stationery (wrong account)",
                                       TRY(by_role(acc::role::kInventory)),
                                       TRY(by_role(acc::role::kCash)), "86.40"));
    TRY(acc::reverse(m_tx, context(), wrong.id, day(-14), "Wrong account"));
    TRY(entry(general, -14, "Stationery", expense, TRY(by_role(acc::role::kCash)), "86.40"));
    return Ok{};
  }

  // The ledger's bank line of a posted entry.
  Result<std::int64_t> bank_line(acc::EntryId id) {
    const acc::AccountId bank_account = TRY(by_role(acc::role::kBank));
    for (const auto& line : TRY(acc::get_entry(m_tx, m_company, id)).lines) {
      if (line.account_id == bank_account) return line.id;
    }
    return Error::internal("demo_bank_line_missing", "no bank line");
  }

  Result<void> bank_statement() {
    namespace bank = acc::bank;
    bank::BankAccountDraft draft;
    draft.name = "Main account";
    draft.account_number = "LT121000011101001000";
    draft.currency = "EUR";
    const bank::BankAccount account = TRY(bank::create_bank_account(m_tx, context(), draft));
    // date, amount (+ in, − out), reference, counterparty; the ledger entry it matches (if any).
    struct Row {
      Date date;
      std::string amount;
      std::string reference;
      std::string counterparty;
      std::optional<acc::EntryId> entry;
    };
    std::vector<Row> rows;
    for (const auto& receipt : m_receipts) {
      rows.push_back({receipt.date, receipt.amount.to_string(), receipt.reference,
                      "Customer payment", receipt.entry_id});
    }
    for (const auto& payment : m_bill_payments) {
      rows.push_back({payment.date, "-" + payment.amount.to_string(), payment.reference,
                      "Supplier payment", payment.entry_id});
    }
    rows.push_back({m_rent->date, "-2400.00", "RENT", "Office landlord", m_rent->id});
    rows.push_back({m_salaries->date, "-9800.00", "PAYROLL", "Payroll", m_salaries->id});
    rows.push_back({day(-2), "-18.50", "FEE", "Bank", std::nullopt});        // bank charges
    rows.push_back({day(-1), "250.00", "UNKNOWN", "Unknown payer", std::nullopt});  // open
    std::string csv = "date,amount,reference,counterparty,id\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      csv += rows[i].date.to_string() + "," + rows[i].amount + "," + rows[i].reference + "," +
             rows[i].counterparty + ",DEMO-" + std::to_string(i + 1) + "\n";
    }
    bank::ImportRequest request;
    request.format = bank::StatementFormat::csv;
    request.content = csv;
    request.mapping.date = "date";
    request.mapping.amount = "amount";
    request.mapping.reference = "reference";
    request.mapping.counterparty = "counterparty";
    request.mapping.external_id = "id";
    const bank::ImportResult imported =
        TRY(bank::import_statement(m_tx, context(), account.id, request));
    const bank::StoredStatement statement =
        TRY(bank::get_statement(m_tx, m_company, imported.statement_id));
    // Reconcile all but the last two matched lines (left for the user to try) and the fee
    // through a counterpart entry; the unknown receipt stays open.
    for (std::size_t i = 0; i < statement.lines.size() && i < rows.size(); ++i) {
      const auto& line = statement.lines[i];
      if (rows[i].entry && i + 4 < rows.size()) {
        TRY(bank::reconcile(m_tx, context(), line.id, {TRY(bank_line(*rows[i].entry))}));
      } else if (rows[i].reference == "FEE") {
        TRY(bank::reconcile_with_counterpart(m_tx, context(), line.id,
                                             TRY(by_role(acc::role::kExpense)), std::nullopt,
                                             "Bank charges"));
      }
    }
    return Ok{};
  }

  db::Tx& m_tx;
  const Clock& m_clock;
  CompanyId m_company;
  UserId m_user;
  Date m_today;
  std::optional<acc::Context> m_context_storage;
  acc::Context& context() { return *m_context_storage; }
  std::vector<partners::PartyId> m_customers, m_suppliers;
  std::vector<acc::Payment> m_receipts, m_bill_payments;
  std::optional<acc::Entry> m_rent, m_salaries;
};

Date today_of(const Clock& clock) {
  const auto days = std::chrono::floor<std::chrono::days>(clock.now());
  return Date::from_days_since_epoch(days.time_since_epoch().count()).value();
}

}  // namespace

Result<DemoLogin> ensure_demo(db::Database& database, const Clock& clock) {
  const DemoLogin login{kDemoEmail, kDemoPassword};
  const auto catalog = all_permissions();
  // Hash outside the write transaction: argon2id takes ~90 ms and 64 MiB.
  const std::string password_hash = auth::hash_password(kDemoPassword);
  TRY(database.write([&](db::Tx& tx) -> Result<void> {
    if (TRY(auth::count_companies(tx)) > 0) return Ok{};
    auth::NewCompany company;
    company.name = kDemoCompanyName;
    company.currency = "EUR";
    company.country = "LT";
    company.language = "en";
    const CompanyId company_id = TRY(auth::create_company(tx, clock, company, catalog));
    auth::NewUser user;
    user.company_id = company_id;
    user.email = kDemoEmail;
    user.name = "Demo Administrator";
    user.password_hash = password_hash;
    user.roles = {"admin"};
    const UserId user_id = TRY(auth::create_user(tx, clock, user));
    TRY(partners::seed_demo(tx, clock, company_id, user_id));
    TRY(DemoBooks(tx, clock, company_id, user_id, today_of(clock)).run());
    // Stock and sales come after the books: receipts post to inventory, orders invoice.
    auto context = TRY(accounting::Context::system(tx, company_id, clock));
    context.user_id = user_id;
    TRY(inventory::seed_demo(tx, context, today_of(clock)));
    TRY(sales::seed_demo(tx, context, today_of(clock)));
    return crm::seed_demo(tx, clock, company_id, user_id, today_of(clock));
  }));
  return login;
}

Result<UserId> create_user_in_company(db::Database& database, const Clock& clock,
                                      const CreateUserOptions& options,
                                      const std::string& password) {
  TRY(auth::check_password(password));
  const std::string password_hash = auth::hash_password(password);
  const auto catalog = all_permissions();
  return database.write([&](db::Tx& tx) -> Result<UserId> {
    std::string company_name = options.company;
    if (company_name.empty()) {
      if (TRY(auth::count_companies(tx)) > 1) {
        return Error::validation("company_required",
                                 "this database has several companies: name one with --company",
                                 "company");
      }
      company_name = "My Company";
    }
    std::optional<CompanyId> company_id = TRY(auth::find_company_by_name(tx, company_name));
    if (!company_id && options.company.empty() && TRY(auth::count_companies(tx)) == 1) {
      company_id = TRY(auth::only_company(tx));
    }
    if (!company_id) {
      auth::NewCompany company;
      company.name = company_name;
      company_id = TRY(auth::create_company(tx, clock, company, catalog));
    }
    auth::NewUser user;
    user.company_id = *company_id;
    user.email = options.email;
    user.name = options.name.empty() ? options.email : options.name;
    user.password_hash = password_hash;
    user.roles = options.roles;
    return auth::create_user(tx, clock, user);
  });
}

}  // namespace keel::app
